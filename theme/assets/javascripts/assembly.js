// Behaviour for keyboard and screen-reader users: wide tables, the search panel, videos.
// Every page works without this file (without it the Search button is hidden).
// Words shown to readers come from the page, in its language (data- attributes of this script).
(function () {
  "use strict";
  var own = document.querySelector("script[data-assembly-script]");
  function words(name) { return (own && own.getAttribute(name)) || ""; }

  // Wide tables written in Markdown scroll inside their own box; give that box a name and a
  // place in the Tab order so keyboard users can scroll it too (our templates do this already).
  var count = 0;
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table"), function (table) {
    if (table.closest(".table-wrap")) return;
    var wrap = document.createElement("div");
    var caption = table.querySelector("caption");
    wrap.className = "table-wrap";
    wrap.setAttribute("role", "region");
    wrap.tabIndex = 0;
    if (caption) {
      caption.id = caption.id || "assembly-table-caption-" + (++count);
      wrap.setAttribute("aria-labelledby", caption.id);
    } else {
      var heading = null, node = table;
      while (node && !heading) {
        var prev = node.previousElementSibling;
        while (prev && !/^H[2-6]$/.test(prev.tagName)) prev = prev.previousElementSibling;
        heading = prev;
        node = node.parentElement;
        if (node && node.tagName === "ARTICLE") break;
      }
      wrap.setAttribute("aria-label", heading
        ? words("data-table-label-heading").replace("%(heading)s", heading.textContent.trim())
        : words("data-table-label"));
    }
    table.parentNode.insertBefore(wrap, table);
    wrap.appendChild(table);
  });

  // A table written in Markdown (one header row, no merged cells) becomes labelled blocks on a
  // narrow screen like the site's own tables (.stack in assembly.css): each cell gets its column's
  // name, hidden from screen readers, and every part its table role, which the blocks would lose
  // (in a div role=table around the table, as in our templates).
  // Without JavaScript the stylesheet fits such a table to the screen instead.
  Array.prototype.forEach.call(document.querySelectorAll(".md-typeset .table-wrap > table:not([class])"), function (table) {
    var head = table.tHead && table.tHead.rows.length === 1 ? table.tHead.rows[0] : null;
    if (!head || table.querySelector("[colspan], [rowspan]") || !table.tBodies.length) return;
    var names = Array.prototype.map.call(head.cells, function (cell) { return cell.textContent.trim(); });
    table.classList.add("stack");
    var holder = document.createElement("div");
    holder.className = "stack-table";
    holder.setAttribute("role", "table");
    var caption = table.caption;
    if (caption && caption.id) holder.setAttribute("aria-labelledby", caption.id);
    else if (table.parentNode.hasAttribute("aria-label")) holder.setAttribute("aria-label", table.parentNode.getAttribute("aria-label"));
    table.parentNode.insertBefore(holder, table);
    holder.appendChild(table);
    table.setAttribute("role", "presentation");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        if (row.parentNode === table.tHead) { cell.setAttribute("role", "columnheader"); return; }
        if (cell.tagName === "TH") {
          cell.setAttribute("role", "rowheader");
          cell.classList.add("stack__head");
          return;
        }
        cell.setAttribute("role", "cell");
        var value = document.createElement("div");
        value.className = "stack__value";
        while (cell.firstChild) value.appendChild(cell.firstChild);
        if (names[index]) {
          var label = document.createElement("span");
          label.className = "stack__label";
          label.setAttribute("aria-hidden", "true");
          label.textContent = names[index];
          cell.appendChild(label);
        }
        cell.appendChild(value);
      });
    });
  });

  // The search button is a real <button> (focusable, named) that opens the search panel;
  // Escape or "Close search" closes it and returns focus to the button.
  var toggle = document.querySelector("[data-md-toggle=search]");
  var opener = document.querySelector("[data-assembly-search-open]");
  var closer = document.querySelector("[data-assembly-search-close]");
  var panel = document.getElementById("assembly-search");
  var input = document.getElementById("__search");
  if (!toggle || !opener || !input || !panel) return;

  function set(open) {
    toggle.checked = open;
    opener.setAttribute("aria-expanded", String(open));
    if (open) input.focus(); else opener.focus();
  }
  // lunr.js, the search script and the index load on the first open, side by side, and run in
  // that order (assembly-search.js). The panel opens and takes focus at once, so nothing typed
  // meanwhile is lost: the first search uses the words already typed.
  var requested = false;
  function loadSearch() {
    if (requested) return;
    requested = true;
    ["lunr", "script", "index"].forEach(function (name) {
      var script = document.createElement("script");
      script.src = panel.getAttribute("data-search-" + name);
      script.async = false;
      script.onerror = failed;
      document.body.appendChild(script);
    });
  }
  function failed() {
    panel.querySelector(".md-search-result__meta").textContent = panel.getAttribute("data-search-failed");
    panel.querySelector("[data-assembly-search-fallback]").hidden = false;
  }
  opener.addEventListener("pointerdown", loadSearch);  // a head start while the button is pressed
  opener.addEventListener("click", function () {
    if (!toggle.checked) loadSearch();
    set(!toggle.checked);
  });
  if (closer) closer.addEventListener("click", function () { set(false); });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked && !(event.ctrlKey || event.metaKey || event.altKey)) {
      event.preventDefault();
      set(false);
    }
  });
  // Submitting the form (Enter in the search box) follows the first result instead of reloading
  // the page.
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = panel.querySelector(".md-search-result__link");
    if (first) first.click();
  });
})();

// External videos: the play button (shown only when scripts run) creates the video site's
// player in place; until then nothing is requested from that site.
(function () {
  "use strict";
  document.querySelectorAll("[data-video-embed]").forEach(function (panel) {
    var button = panel.querySelector("button");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = panel.getAttribute("data-video-embed");
      frame.title = panel.getAttribute("data-video-title");
      frame.className = "video-consent__player";
      frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      frame.setAttribute("tabindex", "0");
      panel.replaceChildren(frame);
      frame.focus();
    });
  });
})();
