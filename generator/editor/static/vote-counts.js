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
      this.emit(rows);
    },

    remove: function (index) {
      this.emit(this.state.rows.filter(function (_, i) { return i !== index; }));
    },

    add: function () { this.emit(this.state.rows.concat([{ name: "", count: "" }])); },

    render: function () {
      var self = this, id = this.props.forID, rows = this.state.rows;
      var names = {};
      var problems = [];
      rows.forEach(function (row, i) {
        var name = row.name.trim();
        if (name && names[name]) { problems.push("Answer " + (i + 1) + ": \u201c" + name + "\u201d is already listed; each answer once."); }
        names[name] = true;
        if (row.count.trim() && !/^\d+$/.test(row.count.trim())) { problems.push("Answer " + (i + 1) + ": the number of members must be a whole number, such as 12."); }
      });
      var cell = "padding:4px;vertical-align:middle";
      var input = "width:100%;box-sizing:border-box;padding:8px;border:2px solid #6b7280;border-radius:4px;font:inherit";
      var button = "margin:0 2px;padding:6px 10px;border:2px solid #1d4f91;border-radius:4px;background:#fff;color:#1d4f91;font:inherit;cursor:pointer";
      return h("div", { id: id, className: this.props.classNameWrapper, role: "group", "aria-label": "Answers and how many members chose each" },
        h("table", { style: css("width:100%;border-collapse:collapse")},
          h("thead", null, h("tr", null,
            h("th", { scope: "col", style: css(cell + ";text-align:left")}, "Answer (as written in the file, such as strongly-support)"),
            h("th", { scope: "col", style: css(cell + ";text-align:left;width:9em")}, "Members"),
            h("th", { scope: "col", style: css(cell + ";width:14em")}, h("span", { className: "visually-hidden", style: css("position:absolute;left:-9999px")}, "Actions")))),
          h("tbody", null, rows.map(function (row, i) {
            return h("tr", { key: i },
              h("td", { style: css(cell)}, h("input", { type: "text", value: row.name, style: css(input), "aria-label": "Answer " + (i + 1),
                onChange: function (e) { self.change(i, "name", e.target.value); } })),
              h("td", { style: css(cell)}, h("input", { type: "text", inputMode: "numeric", value: row.count, style: css(input),
                "aria-label": "Members who chose answer " + (i + 1), onChange: function (e) { self.change(i, "count", e.target.value); } })),
              h("td", { style: css(cell + ";white-space:nowrap")},
                h("button", { type: "button", style: css(button), onClick: function () { self.move(i, -1); }, disabled: i === 0, "aria-label": "Move answer " + (i + 1) + " up" }, "Up"),
                h("button", { type: "button", style: css(button), onClick: function () { self.move(i, 1); }, disabled: i === rows.length - 1, "aria-label": "Move answer " + (i + 1) + " down" }, "Down"),
                h("button", { type: "button", style: css(button), onClick: function () { self.remove(i); }, "aria-label": "Remove answer " + (i + 1) }, "Remove")));
          }))),
        h("button", { type: "button", style: css(button + ";margin-top:8px"), onClick: function () { self.add(); } }, "Add an answer"),
        problems.length ? h("ul", { role: "alert", style: css("color:#b3261e;margin:8px 0 0;padding-left:1.2em")}, problems.map(function (p, i) { return h("li", { key: i }, p); })) : null);
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
