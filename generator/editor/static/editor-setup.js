/* The published editor (`assembly build --editor`), before Decap's bundle runs: editor-start.js
   starts it once our widgets are registered, and a page's text opens in Markdown, exactly as it
   is in the file. A file, not an inline script, so the page's Content-Security-Policy can allow
   scripts from the site only. */
window.CMS_MANUAL_INIT = true;
try {
  if (!window.localStorage.getItem("cms.md-mode")) { window.localStorage.setItem("cms.md-mode", "raw"); }
} catch (e) { /* storage refused: Decap's own default then */ }
