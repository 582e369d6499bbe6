// Behaviour added to Material's script, for keyboard and screen-reader users.
// Every page works without this file: it only improves search and wide tables.
// Words shown to readers come from the page, in its language (data- attributes of this script).
(function () {
  "use strict";
  var own = document.querySelector("script[data-search-script]");
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

  // The search button is a real <button> (focusable, named) that opens Material's search panel;
  // Escape or "Close search" closes it and returns focus to the button.
  var toggle = document.querySelector("[data-md-toggle=search]");
  var opener = document.querySelector("[data-assembly-search-open]");
  var closer = document.querySelector("[data-assembly-search-close]");
  var panel = document.getElementById("assembly-search");
  var input = document.getElementById("__search");
  if (!toggle || !opener || !input || !panel) return;

  function sync() { opener.setAttribute("aria-expanded", String(toggle.checked)); }
  function set(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
    sync();
    if (open) input.focus(); else opener.focus();
  }
  toggle.addEventListener("change", sync);
  // Material's script (and the search index it fetches) is loaded on the first open. The panel
  // opens and takes focus at once, so nothing typed meanwhile is lost; once the script is ready
  // it is told about the open panel and the words already typed.
  var script = document.querySelector("script[data-search-script]");
  var requested = false;
  function loadSearch() {
    if (!script || requested) return;
    requested = true;
    var bundle = document.createElement("script");
    bundle.src = script.getAttribute("data-search-script");
    bundle.onload = function () {
      // Material starts when the document is ready; it was ready long ago, so say so again.
      document.dispatchEvent(new Event("DOMContentLoaded"));
      setTimeout(function () {
        toggle.dispatchEvent(new Event("change"));
        input.dispatchEvent(new Event("focus"));
        input.dispatchEvent(new Event("input", { bubbles: true }));
        input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
      }, 0);
    };
    document.body.appendChild(bundle);
  }
  opener.addEventListener("click", function () {
    if (!toggle.checked) loadSearch();
    set(!toggle.checked);
  });
  if (closer) closer.addEventListener("click", function () { set(false); });

  function editable(el) {
    return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  // Material listens for keys on window. Two of its habits are taken away here, before the event
  // gets there: single-letter shortcuts (s, f, /, n, p...) that a speech-input user triggers by
  // accident (WCAG 2.1.4), and closing search on Tab, which would stop keyboard users reaching
  // the results and the close button. Arrow keys and Enter still reach Material's result list.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (toggle.checked) {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        set(false);
      } else if (!(event.key === "ArrowUp" || event.key === "ArrowDown" ||
                   (event.key === "Enter" && event.target === input))) {
        event.stopPropagation();
      }
    } else if (event.key.length === 1 && !editable(event.target)) {
      event.stopPropagation();
    }
  });
  // Material takes its result links out of the Tab order (tabindex=-1) and expects arrow keys;
  // put them back so Tab reaches them too. Arrow keys keep working.
  var results = panel.querySelector(".md-search-result__list");
  if (results && window.MutationObserver) {
    new MutationObserver(function () {
      Array.prototype.forEach.call(results.querySelectorAll("[tabindex='-1']"), function (el) {
        el.removeAttribute("tabindex");
      });
    }).observe(results, {childList: true, subtree: true, attributes: true, attributeFilter: ["tabindex"]});
  }
  // Submitting the form (Enter) follows the first result instead of reloading the page.
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
