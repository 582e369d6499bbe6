/* The preview beside the editor's form: the page as residents will see it, with the change not yet
   saved. `assembly serve` makes it with the build's own stages (the editor's `previewEntry`
   action), so it has the site's layout, navigation, figures and wording; if the change has a
   mistake the form cannot see, the preview says what and where instead. A new entry is shown once
   it has been saved for the first time. */
window.assemblyPreview = function (collections, api) {
  "use strict";
  var h = window.h, createClass = window.createClass;

  function post(params) {
    return fetch(api, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: "previewEntry", params: params })
    }).then(function (answer) { return answer.json(); });
  }

  function say(problem) {
    return problem.file + ", line " + problem.line + ": " + problem.message;
  }

  var Page = createClass({
    getInitialState: function () { return { html: null, problems: [], why: "", asked: 0 }; },
    componentDidMount: function () { this.later(); },
    componentDidUpdate: function (before) { if (before.entry !== this.props.entry) { this.later(); } },
    componentWillUnmount: function () { clearTimeout(this.timer); this.gone = true; },

    later: function () {
      clearTimeout(this.timer);
      this.timer = setTimeout(this.ask, 700);  /* once the officer pauses typing */
    },

    ask: function () {
      var self = this, entry = this.props.entry;
      var path = entry && entry.get("path");
      if (!path || entry.get("newRecord")) { this.setState({ html: null, problems: [], why: "new" }); return; }
      var data = entry.get("data");
      var asked = this.state.asked + 1;
      this.setState({ asked: asked });
      post({ path: path, data: data && data.toJS ? data.toJS() : {} }).then(function (answer) {
        if (self.gone || self.state.asked !== asked) { return; }
        self.setState({ html: answer.html || null, problems: answer.problems || [], why: answer.why || "" });
      }).catch(function () {
        if (!self.gone) { self.setState({ html: null, problems: [], why: "offline" }); }
      });
    },

    render: function () {
      var problems = this.state.problems, errors = problems.filter(function (p) { return p.severity === "error"; });
      var notes = [];
      if (this.state.why === "new") {
        notes.push(h("p", { key: "new", style: { margin: "0 0 12px" } },
          "The page is shown here once this entry is saved for the first time (Save, then Save now)."));
      } else if (this.state.why === "offline") {
        notes.push(h("p", { key: "off", role: "alert" }, "The preview did not answer: is `assembly serve` still running?"));
      } else if (this.state.why && this.state.why !== "none") {
        notes.push(h("p", { key: "why" }, this.state.why));
      }
      if (problems.length) {
        notes.push(h("div", { key: "problems", role: errors.length ? "alert" : "status",
          style: { margin: "0 0 12px", padding: "12px 16px", background: "#fff", color: "#0b0c0c",
            borderLeft: "6px solid " + (errors.length ? "#d4351c" : "#1d70b8") } },
          h("p", { style: { margin: 0, fontWeight: 700 } }, errors.length
            ? "The page cannot be shown until this is fixed:" : "Check this:"),
          h("ul", { style: { margin: "4px 0 0", paddingLeft: "1.5em" } },
            problems.map(function (p, i) { return h("li", { key: i }, say(p)); }))));
      }
      var page = this.state.html ? h("iframe", {
        key: "page", title: "The page as residents will see it, with your unsaved change", srcDoc: this.state.html,
        sandbox: "allow-same-origin", style: { width: "100%", height: "calc(100vh - 2rem)", border: "0" }
      }) : null;
      return h("div", { className: "assembly-page-preview" }, notes, page);
    }
  });

  collections.forEach(function (name) { window.CMS.registerPreviewTemplate(name, Page); });
};
