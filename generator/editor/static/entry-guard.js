/* The editor keeps showing the entry it has open when the address changes straight to another
   entry (a link, a bookmark or a pasted address in the same tab): a save would then send one
   entry's form for the other's file. When the address goes from one entry to another, the page
   is loaded again, so the form is always the entry the address names. (The preview's API also
   refuses a form whose fields do not belong to the file.) */
(function () {
  "use strict";
  var ENTRY = /^#\/collections\/([^/?]+)\/entries\/([^?]+)/;
  window.addEventListener("hashchange", function (event) {
    var before = ENTRY.exec(new URL(event.oldURL).hash), after = ENTRY.exec(new URL(event.newURL).hash);
    if (before && after && (before[1] !== after[1] || before[2] !== after[2])) {
      window.location.reload();
    }
  });
}());
