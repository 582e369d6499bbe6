/* The editor's buttons in this tool's words. Decap says "Publish" for what is, here, saving the
   file (on the officer's computer under `assembly serve`; a commit on a hosted site, which the
   pipeline then checks and builds): nothing goes online when an officer presses it. */
(function () {
  "use strict";
  var CMS = window.CMS;
  /* With review (a hosted editor's editorial workflow), Save keeps a draft for review and Publish
     publishes it: Decap's own words say what happens there. */
  if (document.documentElement.getAttribute("data-review") === "yes") { return; }
  var english = CMS && typeof CMS.getLocale === "function" ? CMS.getLocale("en") : null;
  if (!english || !english.editor || !english.editor.editorToolbar) { return; }
  var toolbar = english.editor.editorToolbar;
  toolbar.publish = "Save";
  toolbar.publishing = "Saving\u2026";
  toolbar.published = "Saved";
  toolbar.publishNow = "Save now";
  toolbar.publishAndCreateNew = "Save and create new";
  toolbar.publishAndDuplicate = "Save and duplicate";
  toolbar.deployButtonLabel = "Open the preview";
  CMS.registerLocale("en", english);
}());
