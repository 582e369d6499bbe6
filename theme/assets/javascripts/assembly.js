// The search button: a real <button> (focusable, named) that opens Material's search panel,
// and Escape or "Close search" that closes it and returns focus to the button.
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  var opener = document.querySelector("[data-assembly-search-open]");
  var closer = document.querySelector("[data-assembly-search-close]");
  var input = document.getElementById("assembly-search-query");
  if (!toggle || !opener || !input) return;

  function set(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
    opener.setAttribute("aria-expanded", String(open));
    if (open) input.focus(); else opener.focus();
  }
  opener.addEventListener("click", function () { set(!toggle.checked); });
  if (closer) closer.addEventListener("click", function () { set(false); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) { event.preventDefault(); set(false); }
  });
  // Submitting the form (Enter) follows the first result instead of reloading the page.
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = document.querySelector("#assembly-search .md-search-result__link");
    if (first) first.click();
  });
})();
