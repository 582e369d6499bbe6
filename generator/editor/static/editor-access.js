/* The editor's accessibility fixes, from outside Decap CMS (its bundle stays as published).

   Decap CMS 3 leaves out some names, landmarks and focus styles, and its grey texts and red
   errors fall short of WCAG 2.2 AA contrast. This script, loaded after the bundle:

   - adds a stylesheet: a visible focus outline on everything that takes focus, targets of at
     least 24 by 24 px, and the media library's cards as focusable buttons;
   - recolours Decap's own low-contrast colours where they are defined (the rules Decap's styling
     library inserts), so that every screen, hover and error state gets the darker colour;
   - names what Decap leaves unnamed (list item buttons, drag handles, the Markdown field, the
     Rich Text switch, the preview frame, dialogs, media pictures), ties each field to its help
     text and its error messages (aria-describedby), and marks the screens' landmarks.

   It only adds attributes Decap does not set (and one visually hidden heading on the login
   screen), never moves or removes Decap's elements, and runs again, at most once a frame, after
   every change to the page: each fix is idempotent. tests/browser/test_editor_access.py
   measures the result with axe-core. */
(function () {
  "use strict";

  var FOCUS = "#1d4f91";
  var STYLE_ID = "editor-access-style";
  var STYLE = [
    /* Focus: Decap removes the browser's outline from most controls. */
    "#nc-root :focus-visible, .ReactModalPortal :focus-visible, [role=dialog] :focus-visible," +
    " [role=menu] :focus-visible, [role=listbox] :focus-visible {" +
    " outline: 3px solid " + FOCUS + " !important; outline-offset: 2px !important;" +
    " box-shadow: 0 0 0 5px #fff !important; transition: none !important; }",
    /* Fields that take focus inside a box (the Markdown editor, react-select's search input):
       the box shows it. */
    /* The preview frame (focus inside it) and the date fields' calendar button. */
    "[data-editor-access-inert] * { visibility: hidden !important; }",
    "#nc-root iframe:focus-within { outline: 3px solid " + FOCUS + " !important; outline-offset: -3px !important; }",
    "#nc-root input::-webkit-calendar-picker-indicator:focus-visible { outline: 3px solid " + FOCUS + ";" +
    " outline-offset: 1px; }",
    "#nc-root [data-slate-editor]:focus-visible { outline-offset: -3px !important; box-shadow: none !important; }",
    "#nc-root [class$=\"-control\"]:focus-within { outline: 3px solid " + FOCUS + " !important;" +
    " outline-offset: 2px !important; transition: none !important; }",
    "#nc-root [class$=\"-control\"] input[role=combobox]:focus-visible { outline: none !important;" +
    " box-shadow: none !important; }",
    /* Targets of at least 24 by 24 px (WCAG 2.5.8). */
    "#nc-root button, #nc-root [role=button], #nc-root a[class*=\"Button\"], [role=dialog] button {" +
    " min-width: 24px; min-height: 24px; }",
    "#nc-root [class*=\"DateTimeControl\"] button { padding: 4px 10px !important; }",
    /* Messages (react-toastify): white text on its colours is 2.5-3.8:1. */
    ".Toastify__toast--error { background: #b0002a !important; }",
    ".Toastify__toast--success { background: #1a6b32 !important; }",
    ".Toastify__toast--info { background: #1d4f91 !important; }",
    ".Toastify__toast--warning { background: #754e00 !important; }",
    /* Text inputs' borders against white (WCAG 1.4.11, 3:1). */
    "#nc-root input[type=text], #nc-root input[type=date], #nc-root input[type=number]," +
    " #nc-root textarea { border-color: #858b96 !important; }",
    "#nc-root input[type=text]:focus, #nc-root input[type=date]:focus, #nc-root input[type=number]:focus," +
    " #nc-root textarea:focus { border-color: " + FOCUS + " !important; }",
    /* Reflow (WCAG 1.4.10): below 800 px Decap keeps the entry screen 800 px wide, toolbar, form
       and preview side by side. There, the toolbar wraps, the form takes the width and the page
       scrolls as one; the preview beside the form is left out (the preview tab shows the page),
       and a second language's column comes under the first. */
    "@media (max-width: 799px) {" +
    " #nc-root [class*=\"-EditorContainer\"] { min-width: 0 !important; position: static !important;" +
    " height: auto !important; overflow: visible !important; padding-top: 0 !important; }" +
    " #nc-root [class*=\"-ToolbarContainer\"] { min-width: 0 !important; position: static !important;" +
    " width: auto !important; height: auto !important; flex-wrap: wrap !important; }" +
    " #nc-root [class*=\"-ToolbarContainer\"] > * { height: auto !important; min-height: 56px; flex-wrap: wrap; }" +
    " #nc-root [class*=\"-EditorContainer\"] > [role=main] { position: static !important; height: auto !important;" +
    " padding-top: 0 !important; margin-top: 0 !important; }" +
    " #nc-root .SplitPane { position: static !important; display: block !important; height: auto !important;" +
    " overflow: visible !important; }" +
    " #nc-root .SplitPane > .Pane1, #nc-root .SplitPane > .Pane2 { width: auto !important; height: auto !important; }" +
    " #nc-root .SplitPane > .Resizer, #nc-root .SplitPane > .Pane2:has(#preview-pane)," +
    " #nc-root [class*=\"-ViewControls\"] { display: none !important; }" +
    " #nc-root [class*=\"-LocaleRowWrapper\"] { flex-wrap: wrap; gap: 8px; }" +
    " #nc-root [class*=\"ControlPaneContainer\"] { height: auto !important; overflow: visible !important;" +
    " padding: 0 12px 24px !important; }" +
    " #nc-root [class*=\"-DateTimeControl\"] { flex-wrap: wrap; }" +
    " #nc-root [class$=\"-control\"] * { white-space: normal !important; text-overflow: clip !important;" +
    " overflow-wrap: anywhere; }" +
    " #nc-root [class*=\"-multiValue\"] { max-width: 100%; min-width: 0; }" +
    " #nc-root [class*=\"-AppHeaderSiteLink\"] { white-space: normal !important; overflow-wrap: anywhere;" +
    " text-overflow: clip !important; }" +
    " }",
    /* What only screen readers read. */
    ".visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;" +
    " overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }"
  ].join("\n");

  /* Decap's colours (lib/ui's theme) that fail 4.5:1 for text on its backgrounds, and ours. */
  var COLOURS = {
    "rgb(121, 130, 145)": "#545b67",  /* #798291, its text and inactive grey: 3.4:1 on #eff0f4 → 6:1 */
    "rgb(123, 130, 144)": "#545b67",  /* #7b8290, the header's inactive buttons */
    "rgb(255, 0, 59)": "#b0002a",     /* #ff003b, its error red: 3.2:1 on #fbe0d7 → 5.8:1; white on it 3.9:1 → 7.3:1 */
    "rgb(23, 162, 184)": "#0e6b7a",   /* #17a2b8, its teal (Publish): white on it 3:1 → 6.3:1; on #ddf5f9 2.7:1 → 5.4:1 */
    "rgb(58, 105, 199)": "#1d4f91"    /* #3a69c7, its active blue: 3.9:1 on #dfdfe3 → 6.5:1 */
  };
  var COLOUR_PROPERTIES = ["color", "background-color"];
  var seenRules = typeof WeakSet === "function" ? new WeakSet() : null;

  function recolour(rules) {
    for (var i = 0; i < rules.length; i++) {
      var rule = rules[i];
      if (seenRules) {
        if (seenRules.has(rule)) { continue; }
        seenRules.add(rule);
      }
      if (rule.cssRules && rule.cssRules.length) { recolour(rule.cssRules); }
      if (!rule.style) { continue; }
      for (var p = 0; p < COLOUR_PROPERTIES.length; p++) {
        var name = COLOUR_PROPERTIES[p];
        var value = rule.style.getPropertyValue(name);
        if (value && COLOURS[value]) {
          rule.style.setProperty(name, COLOURS[value], rule.style.getPropertyPriority(name));
        }
      }
    }
  }

  function recolourSheets() {
    var sheets = document.styleSheets;
    for (var s = 0; s < sheets.length; s++) {
      var rules = null;
      try { rules = sheets[s].cssRules; } catch (e) { rules = null; }  /* another origin's sheet */
      if (rules) { recolour(rules); }
    }
  }

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }

  function words(el) {
    return el ? (el.textContent || "").replace(/\s+/g, " ").trim() : "";
  }

  var counter = 0;
  function idOf(el) {
    if (!el.id) { el.id = "editor-access-" + (++counter); }
    return el.id;
  }

  /* Whether Decap styled `el` as its component `name` (class "css-<hash>-<name>[-<more>]"). */
  function styled(el, name) {
    var classes = (typeof el.className === "string" ? el.className : "").split(/\s+/);
    for (var i = 0; i < classes.length; i++) {
      if (classes[i].split("-")[2] === name) { return true; }
    }
    return false;
  }

  function all(root, selector, fix) {
    var found = root.querySelectorAll(selector);
    for (var i = 0; i < found.length; i++) { fix(found[i]); }
  }

  /* A field's box: its label, its help text and its error messages, each a direct part of it. */
  function direct(container, selector) {
    for (var i = 0; i < container.children.length; i++) {
      var child = container.children[i];
      if (child.matches(selector)) { return child; }
      if (child.matches("[class*=\"ControlTopbar\"]")) {
        for (var j = 0; j < child.children.length; j++) {
          if (child.children[j].matches(selector)) { return child.children[j]; }
        }
      }
    }
    return null;
  }

  function fieldLabel(el) {
    var container = el.closest("[class*=\"ControlContainer\"]");
    var label = container && direct(container, "label");
    return label ? label.firstChild && label.firstChild.nodeType === 3 ? label.firstChild.nodeValue.trim() : words(label) : "";
  }

  function describeFields(root) {
    all(root, "[class*=\"ControlContainer\"]", function (container) {
      var label = direct(container, "label");
      if (!label) { return; }
      var control = label.htmlFor ? document.getElementById(label.htmlFor) : null;
      if (!control || control === container) {
        control = container.querySelector("[data-slate-editor]");
        if (control && control.closest("[class*=\"ControlContainer\"]") !== container) { control = null; }
      }
      if (!control || control.matches("div:not([role]):not([data-slate-editor])")) { return; }
      var ids = [];
      var errors = direct(container, "ul[class*=\"ControlErrorsList\"]");
      if (errors && words(errors)) {
        ids.push(idOf(errors));  /* the message itself is announced by Decap's alert (a toast) */
        set(control, "aria-invalid", "true");
        set(control, "data-editor-access-invalid", "");
      } else if (control.hasAttribute("data-editor-access-invalid")) {
        control.removeAttribute("aria-invalid");
        control.removeAttribute("data-editor-access-invalid");
      }
      var hint = direct(container, "p[class*=\"ControlHint\"]");
      if (hint && words(hint)) { ids.push(idOf(hint)); }
      var mine = (control.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
        return id && id.indexOf("editor-access-") !== 0;
      });
      var wanted = mine.concat(ids).join(" ");
      if (wanted) { set(control, "aria-describedby", wanted); } else { control.removeAttribute("aria-describedby"); }
      if (control.matches("[data-slate-editor]") && !control.hasAttribute("aria-labelledby")) {
        set(control, "aria-labelledby", idOf(label));
      }
    });
  }

  /* With two languages, the second language's column keeps an invisible copy of each field that
     is not translated (to line the columns up); the lists to choose from show their search field
     through it. Such a copy is made inert: out of the Tab order and of what screen readers read. */
  function invisibleCopies(root) {
    all(root, "[class*=\"-ControlContainer\"]", function (container) {
      var hidden = getComputedStyle(container).visibility === "hidden";
      if (hidden && !container.hasAttribute("inert")) {
        container.setAttribute("inert", "");
        container.setAttribute("data-editor-access-inert", "");
      } else if (!hidden && container.hasAttribute("data-editor-access-inert")) {
        container.removeAttribute("inert");
        container.removeAttribute("data-editor-access-inert");
      }
    });
  }

  function nameListItems(root) {
    all(root, "[class*=\"ListItemTopBar\"]", function (bar) {
      var item = bar.parentElement;
      var title = "";
      for (var i = 0; item && i < item.children.length; i++) {
        if (item.children[i].matches("[class*=\"NestedObjectLabel\"]")) { title = words(item.children[i]); }
      }
      var list = bar.closest("[class*=\"ControlContainer\"]");
      var what = title || (list ? fieldLabel(list) : "") || "this item";
      var buttons = [];
      for (var j = 0; j < bar.children.length; j++) {
        var child = bar.children[j];
        if (child.matches("button")) { buttons.push(child); }
        if (child.matches("[role=button][aria-roledescription]")) {
          set(child, "aria-label", "Move " + what);
          set(child, "aria-describedby", moveHelp());  /* in place of the drag library's, whose keys are off */
        }
      }
      if (buttons.length) {
        var body = bar.nextElementSibling && bar.nextElementSibling.nextElementSibling;
        var open = !!(body && body.children.length && body.offsetParent !== null && body.getClientRects().length);
        set(buttons[0], "aria-label", (open ? "Hide " : "Show ") + what);
        set(buttons[0], "aria-expanded", open ? "true" : "false");
      }
      if (buttons.length > 1) { set(buttons[buttons.length - 1], "aria-label", "Remove " + what); }
    });
  }

  /* The open list of a select or relation field (react-select): its options sit in a box with no
     role, and the field's aria-controls names an id nobody has. */
  function listboxes(root) {
    all(root, "[role=option]", function (option) {
      var list = option.parentElement;
      if (!list || list.getAttribute("role") === "group") { return; }
      set(list, "role", "listbox");
      var field = list.closest("[class$=\"-container\"], [class*=\"-container \"]");
      var combobox = field && field.querySelector("input[role=combobox]");
      if (!combobox) { return; }
      var controls = combobox.getAttribute("aria-controls");
      if (controls && !document.getElementById(controls) && !list.id) { list.id = controls; }
      var label = fieldLabel(combobox);
      if (label) { set(list, "aria-label", label); }
    });
  }

  function nameTheRest(root) {
    /* The preview beside the form. */
    all(root, "iframe#preview-pane, iframe[class*=\"PreviewPaneFrame\"]", function (frame) {
      set(frame, "title", "Preview of this entry");
    });
    /* The Markdown field's switch between Rich Text and Markdown: on (checked) is Markdown. */
    all(root, "button[role=switch][class*=\"ToolbarToggle\"]", function (toggle) {
      if (!words(toggle) && !(toggle.labels && toggle.labels.length) && !toggle.getAttribute("aria-labelledby")) {
        set(toggle, "aria-label", "Markdown");
      }
    });
    /* The Markdown toolbar's menus (Headings) while the toolbar is off, in Markdown mode: out of
       the Tab order, as their disabled buttons are. */
    all(root, "span[role=button][aria-haspopup] > button", function (button) {
      var menu = button.parentElement;
      if (button.disabled) {
        set(menu, "tabindex", "-1");
        set(menu, "aria-disabled", "true");
        set(menu, "data-editor-access-off", "");
      } else if (menu.hasAttribute("data-editor-access-off")) {
        set(menu, "tabindex", "0");
        menu.removeAttribute("aria-disabled");
        menu.removeAttribute("data-editor-access-off");
      }
    });
    /* Dialogs (the media library): named by their heading. */
    all(document, "[role=dialog], [role=alertdialog]", function (dialog) {
      if (dialog.hasAttribute("aria-label") && !dialog.hasAttribute("data-editor-access")) { return; }
      var heading = dialog.querySelector("h1, h2, h3");
      if (heading && words(heading)) {
        set(dialog, "aria-labelledby", idOf(heading));
      } else {
        set(dialog, "aria-label", "Dialog");
        set(dialog, "data-editor-access", "");
      }
    });
    /* The media library's pictures: the file name is written under each. Decap's cards take a
       click only: each becomes a button (Enter or Space chooses it, see keys below) that says
       whether it is selected (Decap draws a selected card's border in its active blue). */
    all(document, "img[class*=\"CardImage\"]", function (img) {
      if (!img.hasAttribute("alt")) { set(img, "alt", ""); }
      var card = img.parentElement;
      while (card && !styled(card, "Card")) { card = card.parentElement; }
      if (!card) { return; }
      set(card, "tabindex", "0");
      set(card, "role", "button");
      set(card, "data-editor-access-card", "");
      var name = words(card.querySelector("[class*=\"CardText\"]"));
      if (name) { set(card, "aria-label", name); }
      var border = getComputedStyle(card).borderTopColor;
      set(card, "aria-pressed", border === "rgb(29, 79, 145)" || border === "rgb(58, 105, 199)" ? "true" : "false");
    });
    /* Menus (Publish, the account menu): their items sit in a list inside the menu. */
    all(document, "[role=menu] > ul, [role=menu] > ol", function (list) { set(list, "role", "none"); });
    /* Decap's loading bar, drawn on a canvas at the top of the page. */
    all(document, "body > canvas", function (bar) { set(bar, "aria-hidden", "true"); });
    /* A message's progress bar: a picture of the time left, outside any landmark. */
    all(document, ".Toastify__progress-bar--wrp", function (bar) { set(bar, "aria-hidden", "true"); });
    /* Pictures in the form without a description (the image widget's thumbnail). */
    all(root, "img:not([alt])", function (img) { set(img, "alt", ""); });
  }

  /* A visually hidden level-one heading at the start of `container` (added once, kept up to date). */
  function heading(container, text) {
    var h1 = container.firstElementChild;
    if (!h1 || !h1.hasAttribute("data-editor-access")) {
      h1 = document.createElement("h1");
      h1.className = "visually-hidden";
      h1.setAttribute("data-editor-access", "");
      container.insertBefore(h1, container.firstChild);
    }
    if (h1.textContent !== text) { h1.textContent = text; }
    return h1;
  }

  function landmarks(root) {
    /* Login screen: one main landmark with a heading. */
    all(root, "section[class*=\"AuthenticationPage\"]", function (section) {
      set(section, "role", "main");
      set(section, "aria-labelledby", idOf(heading(section, document.title || "Editor")));
    });
    /* An address the editor does not know: its "Not found" is the screen's main part. */
    all(root, "[class*=\"-NotFoundContainer\"]", function (box) {
      set(box, "role", "main");
      set(box, "aria-labelledby", idOf(heading(box, "Not found in the editor")));
    });
    /* Entry editor: its toolbar is the screen's header, the form and preview its main part. */
    all(root, "[class*=\"-EditorContainer\"]", function (container) {
      if (!styled(container, "EditorContainer")) { return; }
      for (var i = 0; i < container.children.length; i++) {
        var child = container.children[i];
        if (styled(child, "ToolbarContainer")) { set(child, "role", "banner"); }
        if (styled(child, "Editor")) {
          set(child, "role", "main");
          /* The screen's heading names the collection the toolbar names ("Writing in Council
             responses collection"), in other words than the toolbar's. */
          var back = words(container.querySelector("[class*=\"-BackCollection\"]"));
          var collection = /^Writing in (.+) collection$/.exec(back);
          set(child, "aria-labelledby", idOf(heading(child, collection ? "Edit an entry in " + collection[1] :
                                                             document.title || "Editor")));
        }
      }
    });
    if (!document.documentElement.getAttribute("lang")) { document.documentElement.setAttribute("lang", "en"); }
  }

  function fix() {
    if (!document.getElementById(STYLE_ID) && document.head) {
      var style = document.createElement("style");
      style.id = STYLE_ID;
      style.textContent = STYLE;
      document.head.appendChild(style);
    }
    recolourSheets();
    var root = document.getElementById("nc-root") || document.body;
    if (!root) { return; }
    var steps = [landmarks, invisibleCopies, describeFields, nameListItems, listboxes, nameTheRest];
    for (var i = 0; i < steps.length; i++) {
      try { steps[i](root); } catch (e) { if (window.console) { window.console.error("editor-access:", e); } }
    }
  }

  var pending = false;
  function later() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      observer.disconnect();
      try { fix(); } finally { watch(); }
    });
  }

  var observer = new MutationObserver(later);
  function watch() {
    observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  }

  /* A list item's drag handle moved with the Up and Down arrow keys. Decap's lists reorder by
     dragging with a mouse only (its drag library's keyboard support is not switched on); the
     keys make the same drag: press on the handle, move onto the neighbour's handle, release. */
  function mouse(type, target, x, y) {
    target.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, button: 0,
                                                buttons: type === "mouseup" ? 0 : 1, clientX: x, clientY: y }));
  }

  function frames(count, then) {
    if (count <= 0) { then(); return; }
    window.requestAnimationFrame(function () { frames(count - 1, then); });
  }

  function handles(list) {
    var found = [];
    var items = list.querySelectorAll("[class*=\"ListItemTopBar\"] > [role=button][aria-roledescription]");
    for (var i = 0; i < items.length; i++) {
      if (items[i].closest("[class*=\"ControlContainer\"]") === list) { found.push(items[i]); }
    }
    return found;
  }

  function moveItem(handle, by, retried) {
    var list = handle.closest("[class*=\"ControlContainer\"]");
    if (!list) { return; }
    var all = handles(list);
    var from = all.indexOf(handle), to = from + by;
    if (from < 0 || to < 0 || to >= all.length) { return; }
    var a = handle.getBoundingClientRect(), b = all[to].getBoundingClientRect();
    var x = a.left + a.width / 2, y = a.top + a.height / 2;
    var toY = b.top + b.height / 2 + (by > 0 ? 4 : -4);
    var steps = [function () { mouse("mousedown", handle, x, y); }];
    for (var i = 1; i <= 6; i++) {  /* past the drag's 4 px threshold, then onto the neighbour in steps */
      steps.push((function (share) {
        return function () { mouse("mousemove", document, x, y + (toY - y) * share + (by > 0 ? 5 : -5) * (1 - share)); };
      })(i / 6));
    }
    steps.push(function () { mouse("mouseup", document, x, toY); });
    (function next() {
      var step = steps.shift();
      if (step) { step(); frames(2, next); return; }
      frames(2, function () {
        var now = handles(list);
        if (now[to] !== handle && now.indexOf(handle) === from && !retried) {
          moveItem(handle, by, true);  /* the page moved under the drag (a render): once more */
          return;
        }
        var moved = now.indexOf(handle) === to;
        if (moved || now[to]) { (moved ? handle : now[to]).focus(); }
        announce(fieldLabel(list) + (moved ? ": moved to " + (to + 1) + " of " + now.length : ": not moved"));
      });
    })();
  }

  function moveHelp() {
    var help = document.getElementById("editor-access-move-help");
    if (!help) {
      help = document.createElement("div");
      help.id = "editor-access-move-help";
      help.hidden = true;
      help.textContent = "Press the up or down arrow key to move this item up or down the list.";
      document.body.appendChild(help);
    }
    return help.id;
  }

  var announcer = null;
  function announce(text) {
    if (!announcer || !announcer.isConnected) {
      announcer = document.createElement("div");
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      document.body.appendChild(announcer);
    }
    announcer.textContent = text;
  }

  document.addEventListener("keydown", function (event) {
    var handle = event.target;
    if ((event.key === "ArrowUp" || event.key === "ArrowDown") && handle && handle.matches &&
        handle.matches("[class*=\"ListItemTopBar\"] > [role=button][aria-roledescription]")) {
      event.preventDefault();
      event.stopPropagation();
      moveItem(handle, event.key === "ArrowUp" ? -1 : 1);
    }
  }, true);

  /* Enter or Space on a media card does what a click does. */
  document.addEventListener("keydown", function (event) {
    var card = event.target;
    if ((event.key === "Enter" || event.key === " ") && card && card.hasAttribute &&
        card.hasAttribute("data-editor-access-card")) {
      event.preventDefault();
      card.click();
      later();
    }
  }, true);

  window.editorAccess = { fix: fix };
  watch();
  later();
})();
