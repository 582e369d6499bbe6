/* The editor's widget for a picture's description (alt text, such as a speaker's `photo_alt`): a
   line of text that is required as soon as the picture beside it is chosen, as the content format
   requires (a picture without a description is an error when the site is built). The field's
   `image_field` setting names the picture's field in the same entry; a translation may leave the
   description out (the default language's is shown). */
(function () {
  "use strict";
  var h = window.h, createClass = window.createClass;

  function chosen(props) {
    /* getEntry() is the entry as it is being edited; `entry` is the one last saved */
    var entry = typeof props.getEntry === "function" ? props.getEntry() : props.entry;
    var name = props.field.get("image_field");
    var picture = entry && name ? entry.getIn(["data", name]) : null;
    return typeof picture === "string" ? picture.trim() !== "" : Boolean(picture);
  }

  function translation(props) {
    var main = props.field.get("default_locale");
    return Boolean(main && props.locale && props.locale !== main);
  }

  var Control = createClass({
    isValid: function () {
      var text = this.props.value;
      if (translation(this.props) || !chosen(this.props) || (typeof text === "string" && text.trim() !== "")) {
        return true;
      }
      return { error: { message: "Describe the picture for people who cannot see it, such as \u201c" +
        "Amina Shah speaking at the second weekend\u201d: a picture needs a description." } };
    },

    render: function () {
      var self = this;
      return h("input", {
        type: "text",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: this.props.value || "",
        "aria-required": chosen(this.props) && !translation(this.props) ? "true" : undefined,
        onChange: function (event) { self.props.onChange(event.target.value); },
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle
      });
    }
  });

  function Preview(props) {
    return h("p", {}, props.value || "");
  }

  window.CMS.registerWidget("alt-text", Control, Preview);
}());
