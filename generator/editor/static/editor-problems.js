/* After each save in the editor, what the preview found in the file just saved, in words, on the
   editor's own page: mistakes the form cannot see (a response to a recommendation that does not
   exist, dates in the wrong order, a photo with no description, ...). The preview (`assembly
   serve`) reads the content again after every save and reports at /__status every problem it
   found (file, line, message) and which files the save changed. */
(function () {
  "use strict";
  var CMS = window.CMS;
  if (!CMS || typeof CMS.registerEventListener !== "function") { return; }
  var before = null, box = null, waiting = 0;

  function status() {
    return fetch("/__status", { cache: "no-store", credentials: "same-origin" }).then(function (answer) {
      if (!answer.ok) { throw new Error("status " + answer.status); }
      return answer.json();
    });
  }

  function region() {
    /* Made once, empty, when the editor opens: a screen reader announces what is put in it later. */
    if (box) { return box; }
    box = document.createElement("section");
    box.id = "assembly-save-problems";
    box.setAttribute("aria-label", "What the preview found after saving");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:10000;max-height:40vh;overflow:auto;" +
      "background:#fff;color:#0b0c0c;font:16px/1.5 system-ui,sans-serif;box-shadow:0 -2px 6px rgba(0,0,0,.25);" +
      "display:none";
    var live = document.createElement("div");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    live.className = "assembly-save-message";
    var alert = document.createElement("div");
    alert.setAttribute("role", "alert");
    alert.className = "assembly-save-alert";
    box.appendChild(live);
    box.appendChild(alert);
    document.body.appendChild(box);
    return box;
  }

  function say(problem) {
    return problem.file + ", line " + problem.line + ": " + problem.message;
  }

  function show(heading, lines, note, serious) {
    var shown = region();
    var target = shown.querySelector(serious ? ".assembly-save-alert" : ".assembly-save-message");
    var other = shown.querySelector(serious ? ".assembly-save-message" : ".assembly-save-alert");
    other.textContent = "";
    target.textContent = "";
    var wrap = document.createElement("div");
    wrap.style.cssText = "padding:12px 16px;border-top:6px solid " + (serious ? "#d4351c" : lines.length ? "#1d70b8" : "#00703c");
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 4px;font-weight:700";
    title.textContent = heading;
    wrap.appendChild(title);
    if (lines.length) {
      var list = document.createElement("ul");
      list.style.cssText = "margin:4px 0;padding-left:1.5em";
      lines.forEach(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      });
      wrap.appendChild(list);
    }
    if (note) {
      var extra = document.createElement("p");
      extra.style.cssText = "margin:4px 0 0";
      extra.textContent = note;
      wrap.appendChild(extra);
    }
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Close";
    close.style.cssText = "margin-top:8px;min-height:44px;min-width:44px;padding:8px 16px;font:inherit;" +
      "background:#fff;color:#0b0c0c;border:2px solid #0b0c0c;border-radius:4px;cursor:pointer";
    close.addEventListener("click", function () { shown.style.display = "none"; target.textContent = ""; });
    wrap.appendChild(close);
    target.appendChild(wrap);
    shown.style.display = "block";
  }

  function report(state, changed) {
    var saved = state.saved || [];
    var problems = state.problems || [];
    var mine = problems.filter(function (p) { return saved.indexOf(p.file) >= 0; });
    var errors = mine.filter(function (p) { return p.severity === "error"; });
    var elsewhere = problems.filter(function (p) { return p.severity === "error" && saved.indexOf(p.file) < 0; });
    var note = elsewhere.length ? "The preview also found " + elsewhere.length + " mistake" +
      (elsewhere.length === 1 ? "" : "s") + " in other files; the preview page lists them." : "";
    if (!changed) {
      show("Saved. The file already said this, so nothing changed.", [], note, false);
    } else if (errors.length) {
      show("Saved, but the preview cannot show it until you fix " + (errors.length === 1 ? "this" : "these") +
        " and save again:", errors.map(say), note, true);
    } else if (mine.length) {
      show("Saved, and the preview is up to date. Check " + (mine.length === 1 ? "this" : "these") + ":",
        mine.map(say), note, false);
    } else {
      show("Saved, and the preview is up to date. It found no problems in " +
        (saved.length === 1 ? saved[0] : "the files you saved") + ".", [], note, elsewhere.length > 0);
    }
  }

  function wait(start, tries, ticket) {
    if (ticket !== waiting) { return; }
    status().then(function (state) {
      if (start === null || state.checked > start) { report(state, true); }
      else if (tries <= 0) { report(state, false); }
      else { setTimeout(function () { wait(start, tries - 1, ticket); }, 250); }
    }).catch(function () {
      if (tries > 0) { setTimeout(function () { wait(start, tries - 1, ticket); }, 500); }
      else { show("Saved. The preview did not answer: is `assembly serve` still running?", [], "", true); }
    });
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function () {
      return status().then(function (state) { before = state.checked; })
        .catch(function () { before = null; }).then(function () { return undefined; });
    }
  });
  CMS.registerEventListener({
    name: "postSave",
    handler: function () {
      waiting += 1;
      wait(before, 40, waiting);  /* the preview reads the content again within a second or two */
    }
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", region); } else { region(); }
}());
