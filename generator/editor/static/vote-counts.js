/* The editor's widget for a recommendation's vote counts: a mapping whose answers (names) and
   their order are the officer's, each with a whole number of members. Decap CMS has no widget
   for such a mapping; this one writes it back as the same mapping, in the order shown. */
(function () {
  "use strict";
  var h = window.h, createClass = window.createClass;

  function css(text) {  /* "a-b:c;d:e" → {aB: "c", d: "e"}, as React takes styles */
    var style = {};
    text.split(";").forEach(function (rule) {
      var at = rule.indexOf(":");
      if (at > 0) {
        var name = rule.slice(0, at).trim().replace(/-([a-z])/g, function (_, c) { return c.toUpperCase(); });
        style[name] = rule.slice(at + 1).trim();
      }
    });
    return style;
  }

  function rowsOf(value) {
    var rows = [];
    if (value && typeof value.forEach === "function") {
      value.forEach(function (count, name) { rows.push({ name: String(name), count: count === undefined || count === null ? "" : String(count) }); });
    }
    return rows;
  }

  var Control = createClass({
    getInitialState: function () { return { rows: rowsOf(this.props.value) }; },

    emit: function (rows) {
      this.setState({ rows: rows });
      var base = this.props.value && this.props.value.clear ? this.props.value.clear() : this.props.field.clear();
      var map = base.toOrderedMap().withMutations(function (m) {
        rows.forEach(function (row) {
          var name = row.name.trim();
          if (!name || m.has(name)) { return; }
          var count = row.count.trim();
          m.set(name, /^\d+$/.test(count) ? parseInt(count, 10) : count);
        });
      });
      this.props.onChange(map);
    },

    change: function (index, key, text) {
      var rows = this.state.rows.map(function (row, i) {
        if (i !== index) { return row; }
        var copy = { name: row.name, count: row.count };
        copy[key] = text;
        return copy;
      });
      this.emit(rows);
    },

    move: function (index, by) {
      var rows = this.state.rows.slice(), to = index + by;
      if (to < 0 || to >= rows.length) { return; }
      var row = rows.splice(index, 1)[0];
      rows.splice(to, 0, row);
      /* Focus follows the answer; at the top or bottom its other button takes it. */
      var button = by < 0 ? (to === 0 ? "down" : "up") : (to === rows.length - 1 ? "up" : "down");
      this.focusNext = this.part(to, button);
      this.emit(rows);
    },

    remove: function (index) {
      var rows = this.state.rows.filter(function (_, i) { return i !== index; });
      this.focusNext = rows.length ? this.part(Math.min(index, rows.length - 1), "name") : this.part("add");
      this.emit(rows);
    },

    add: function () {
      this.focusNext = this.part(this.state.rows.length, "name");
      this.emit(this.state.rows.concat([{ name: "", count: "" }]));
    },

    part: function (row, what) {  /* the id of a row's input or button, or of the Add button */
      return this.props.forID + "-" + row + (what ? "-" + what : "");
    },

    componentDidUpdate: function () {
      var id = this.focusNext;
      this.focusNext = null;
      var el = id && document.getElementById(id);
      if (el && !el.disabled) { el.focus(); }
    },

    problems: function () {
      var names = {};
      var found = [];
      this.state.rows.forEach(function (row, i) {
        var name = row.name.trim();
        if (name && names[name]) {
          found.push({ row: i, field: "name", text: "Answer " + (i + 1) + ": \u201c" + name + "\u201d is already listed; each answer once." });
        }
        names[name] = true;
        if (row.count.trim() && !/^\d+$/.test(row.count.trim())) {
          found.push({ row: i, field: "count", text: "Answer " + (i + 1) + ": the number of members must be a whole number, such as 12." });
        }
      });
      return found;
    },

    render: function () {
      var self = this, id = this.props.forID, rows = this.state.rows;
      var problems = this.problems();
      function problemOf(i, field) {
        for (var p = 0; p < problems.length; p++) {
          if (problems[p].row === i && problems[p].field === field) { return id + "-problem-" + p; }
        }
        return null;
      }
      function field(i, key, label, extra) {
        var problem = problemOf(i, key);
        var props = { id: self.part(i, key), type: "text", value: rows[i][key], style: css(input), "aria-label": label,
                      "aria-invalid": problem ? "true" : undefined, "aria-describedby": problem || undefined,
                      onChange: function (e) { self.change(i, key, e.target.value); } };
        Object.keys(extra || {}).forEach(function (k) { props[k] = extra[k]; });
        return h("input", props);
      }
      var cell = "padding:4px;vertical-align:middle";
      /* #5e6672 against white: 5.9:1 (text fields' borders need 3:1); #1d4f91: 8.6:1. */
      var input = "width:100%;min-width:3em;box-sizing:border-box;padding:8px;border:2px solid #5e6672;border-radius:4px;font:inherit";
      var button = "margin:2px;min-height:32px;padding:4px 10px;border:2px solid #1d4f91;border-radius:4px;background:#fff;color:#1d4f91;font:inherit;cursor:pointer";
      var disabled = ";border-color:#5e6672;color:#5e6672;cursor:default";
      function action(i, what, text, label, onClick, off) {
        return h("button", { id: self.part(i, what), type: "button", style: css(button + (off ? disabled : "")), onClick: onClick,
                             disabled: off, "aria-label": label }, text);
      }
      return h("div", { id: id, className: this.props.classNameWrapper, role: "group", "aria-label": "Answers and how many members chose each" },
        h("table", { style: css("width:100%;border-collapse:collapse")},
          h("thead", null, h("tr", null,
            h("th", { scope: "col", style: css(cell + ";text-align:left;overflow-wrap:anywhere")}, "Answer (as written in the file, such as strongly-support)"),
            h("th", { scope: "col", style: css(cell + ";text-align:left;width:5em")}, "Members"),
            h("th", { scope: "col", style: css(cell)}, h("span", { style: css("position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap")}, "Actions")))),
          h("tbody", null, rows.map(function (row, i) {
            return h("tr", { key: i },
              h("td", { style: css(cell)}, field(i, "name", "Answer " + (i + 1))),
              h("td", { style: css(cell)}, field(i, "count", "Members who chose answer " + (i + 1), { inputMode: "numeric" })),
              h("td", { style: css(cell)},
                action(i, "up", "Up", "Move answer " + (i + 1) + " up", function () { self.move(i, -1); }, i === 0),
                action(i, "down", "Down", "Move answer " + (i + 1) + " down", function () { self.move(i, 1); }, i === rows.length - 1),
                action(i, "remove", "Remove", "Remove answer " + (i + 1), function () { self.remove(i); }, false)));
          }))),
        h("button", { id: this.part("add"), type: "button", style: css(button + ";margin-top:8px"), onClick: function () { self.add(); } }, "Add an answer"),
        /* Always present, so that a problem appearing in it is announced. */
        h("div", { role: "alert", style: css("color:#b3261e;margin:8px 0 0") },
          problems.length ? h("ul", { style: css("margin:0;padding-left:1.2em") }, problems.map(function (p, n) {
            return h("li", { key: n, id: id + "-problem-" + n }, p.text);
          })) : null));
    }
  });

  var Preview = createClass({
    render: function () {
      var items = [];
      if (this.props.value && this.props.value.forEach) {
        this.props.value.forEach(function (count, name) { items.push(h("li", { key: name }, name + ": " + count)); });
      }
      return h("ul", null, items);
    }
  });

  window.CMS.registerWidget("vote-counts", Control, Preview);
})();
