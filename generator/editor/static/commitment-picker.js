/* The editor's field for the commitment a progress update reports on: a list of this response's
   commitments (by what they will do), written to the file as the commitment's id. Decap's
   relation widget only names other files; this one reads the entry being edited. A commitment
   without an id cannot be named: give it one (its `Id` field) first. */
(function () {
  "use strict";
  var h = window.h, createClass = window.createClass;

  function commitments(props) {
    var entry = typeof props.getEntry === "function" ? props.getEntry() : props.entry;
    var list = entry ? entry.getIn(["data", "commitments"]) : null;
    var found = [];
    if (list && typeof list.forEach === "function") {
      list.forEach(function (item) {
        var id = item && item.get ? item.get("id") : null;
        if (typeof id === "string" && id.trim()) {
          found.push({ id: id.trim(), action: String(item.get("action") || id) });
        }
      });
    }
    return found;
  }

  var Control = createClass({
    /* Decap re-draws a field only when its own value changes: follow the commitments above. */
    componentDidMount: function () {
      var self = this;
      this.timer = setInterval(function () {
        var now = JSON.stringify(commitments(self.props));
        if (now !== self.shown) { self.forceUpdate(); }
      }, 500);
    },

    componentWillUnmount: function () { clearInterval(this.timer); },

    render: function () {
      var self = this, value = typeof this.props.value === "string" ? this.props.value : "";
      var found = commitments(this.props);
      this.shown = JSON.stringify(found);
      var options = [h("option", { key: "", value: "" }, "None: the update is about the response as a whole")];
      found.forEach(function (item) {
        options.push(h("option", { key: item.id, value: item.id }, item.action + " (" + item.id + ")"));
      });
      if (value && !found.some(function (item) { return item.id === value; })) {
        options.push(h("option", { key: value, value: value }, value + " (not among the commitments above)"));
      }
      return h("select", {
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: value,
        onChange: function (event) { self.props.onChange(event.target.value); },
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
        style: { minHeight: "44px" }
      }, options);
    }
  });

  function Preview(props) { return h("p", {}, props.value || ""); }

  window.CMS.registerWidget("commitment-picker", Control, Preview);
}());
