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
    /* Decap re-draws a field only when its own value changes: look for a newly chosen picture. */
    componentDidMount: function () {
      var self = this;
      this.timer = setInterval(function () {
        var entry = typeof self.props.getEntry === "function" ? self.props.getEntry() : self.props.entry;
        var now = entry ? entry.getIn(["data", self.props.field.get("image_field")]) : null;
        if (now !== self.shownPicture) { self.forceUpdate(); }
      }, 400);
    },

    componentWillUnmount: function () { clearInterval(this.timer); },

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
      var entry = typeof this.props.getEntry === "function" ? this.props.getEntry() : this.props.entry;
      var chosenPicture = entry ? entry.getIn(["data", this.props.field.get("image_field")]) : null;
      this.shownPicture = chosenPicture;
      var name = typeof chosenPicture === "string" ? chosenPicture.split("/").pop() : "";
      var picture = name && !translation(this.props) ? h("img", {
        src: "/admin/pictures/" + encodeURIComponent(name), alt: "",
        onError: function (event) { event.target.style.display = "none"; },  /* a hosted editor has none */
        style: { display: "block", maxWidth: "12rem", maxHeight: "12rem", margin: "0 0 8px", border: "1px solid #6b7280" }
      }) : null;
      return h("div", {}, picture, h("input", {
        type: "text",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: this.props.value || "",
        "aria-required": chosen(this.props) && !translation(this.props) ? "true" : undefined,
        onChange: function (event) { self.props.onChange(event.target.value); },
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle
      }));
    }
  });

  function Preview(props) {
    return h("p", {}, props.value || "");
  }

  window.CMS.registerWidget("alt-text", Control, Preview);
}());
