/* The editor's date field: the browser's own date input, written to the file as year-month-day
   (2026-11-30) exactly. Decap's date widget re-reads the date at every key press, so a year typed
   on the keyboard could be saved as another (typing 2026 gave 1906); this one takes a date only
   once it is complete, and leaves a half-typed one alone. */
(function () {
  "use strict";
  var h = window.h, createClass = window.createClass;
  var DAY = /^\d{4}-\d{2}-\d{2}$/;

  function text(value) {
    if (value instanceof Date && !isNaN(value.getTime())) { return value.toISOString().slice(0, 10); }
    if (typeof value === "string") { return value.trim().slice(0, 10); }
    return "";
  }

  var Control = createClass({
    isValid: function () {
      var value = text(this.props.value);
      if (value === "" || DAY.test(value)) { return true; }
      return { error: { message: "Choose a whole date (day, month and year), or clear the field." } };
    },

    componentDidUpdate: function () {
      /* A new value from outside (a restored backup, another language's copy): show it. */
      var input = this.input, value = text(this.props.value);
      if (input && document.activeElement !== input && input.value !== value) { input.value = value; }
    },

    changed: function (event) {
      var input = event.target;
      if (input.value && DAY.test(input.value)) { this.props.onChange(input.value); }
      else if (!input.value && !(input.validity && input.validity.badInput)) { this.props.onChange(""); }
      /* otherwise the date is still being typed: keep the last whole one */
    },

    render: function () {
      var self = this;
      return h("input", {
        type: "date",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        defaultValue: text(this.props.value),
        ref: function (element) { self.input = element; },
        onInput: this.changed,
        onChange: this.changed,
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
        style: { minHeight: "44px" }
      });
    }
  });

  function Preview(props) { return h("p", {}, text(props.value)); }

  window.CMS.registerWidget("iso-date", Control, Preview);
}());
