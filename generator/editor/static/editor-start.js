/* The published editor (`assembly build --editor`), after Decap's bundle and our widgets: the
   preview beside the form in the site's own stylesheets, the file names of an assembly in several
   languages, then Decap started with config.yml (beside this page).

   File names: Decap names every language's file <id>.<language>.md; the content format names the
   default language's file <id>.md. `assembly serve` maps the names in its own API. A Git host has
   no API of ours, so the GitHub and GitLab backends are wrapped here with the same mapping, and a
   new entry's translation that holds no text is not written. The page's <script> element says
   which folders and which default language (data-folders, data-language).

   After each save, a box at the foot of the page says what happens next (data-saved: the words
   and the address of the pipeline that checks and publishes the commit). */
(function (root, factory) {
  "use strict";
  var paths = factory();
  if (typeof module === "object" && module.exports) { module.exports = paths; return; }  /* tests */
  var script = document.currentScript;
  var language = script.getAttribute("data-language") || "";
  var folders = JSON.parse(script.getAttribute("data-folders") || "[]");
  var styles = JSON.parse(script.getAttribute("data-styles") || "[]");
  styles.forEach(function (sheet) { root.CMS.registerPreviewStyle(new URL(sheet, document.baseURI).href); });
  /* The pages' text sits in Material's `.md-typeset`, which sets its size; the preview's does not. */
  root.CMS.registerPreviewStyle(".frame-content{font-size:.8rem;line-height:1.6;padding:0 1rem;max-width:40rem}",
                                { raw: true });
  if (language && folders.length) {
    ["github", "gitlab"].forEach(function (name) {
      var backend = root.CMS.getBackend(name);
      if (!backend || typeof backend.init !== "function") { return; }
      var init = backend.init;
      backend.init = function () { return paths.wrap(init.apply(null, arguments), language, folders); };
    });
  }
  var saved = JSON.parse(script.getAttribute("data-saved") || "null");
  if (saved && typeof root.CMS.registerEventListener === "function") {
    root.CMS.registerEventListener({ name: "postSave", handler: function () { paths.tell(document, saved); } });
  }
  root.CMS.init();
}(this, function () {
  "use strict";

  function inFolders(path, folders) {
    return folders.indexOf(path.slice(0, path.lastIndexOf("/"))) !== -1;
  }

  /* Decap's name → the repository's: <id>.<default language>.md → <id>.md */
  function toRepository(path, language, folders) {
    var suffix = "." + language + ".md";
    if (typeof path === "string" && inFolders(path, folders) && path.slice(-suffix.length) === suffix) {
      return path.slice(0, -suffix.length) + ".md";
    }
    return path;
  }

  /* The repository's name → Decap's: <id>.md → <id>.<default language>.md (a translation, <id>.cy.md, stays) */
  function toEditor(path, language, folders) {
    if (typeof path !== "string" || !inFolders(path, folders) || path.slice(-3) !== ".md") { return path; }
    var name = path.slice(path.lastIndexOf("/") + 1, -3);
    return name.indexOf(".") === -1 ? path.slice(0, -3) + "." + language + ".md" : path;
  }

  function parts(raw) {
    var text = String(raw || "").replace(/\r\n/g, "\n");
    var match = /^---\n([\s\S]*?)\n?---\n?([\s\S]*)$/.exec(text);
    return match ? { front: match[1].split("\n"), body: match[2].trim() } : { front: [], body: text.trim() };
  }

  /* A translation nobody wrote: its front matter only repeats the original's lines (the fields that
     are the same in every language, which Decap copies into each language's file) or holds empty
     values, and its text is empty or the original's. */
  function untranslated(raw, original) {
    var translation = parts(raw), source = parts(original);
    var own = translation.front.filter(function (line) {
      return line.trim() && source.front.indexOf(line) === -1 &&
        !/^[\w-]+:\s*(''|""|\[\]|\{\}|null|~)?\s*$/.test(line);
    });
    return own.length === 0 && (!translation.body || translation.body === source.body);
  }

  /* A translation's `field: null` lines left out: Decap copies a field that is the same in every
     language (i18n: duplicate) into each language's file even when the original leaves it out, as
     null, and the build reads an empty value there as a translation that differs. */
  function withoutNulls(raw) {
    var text = String(raw || "");
    var match = /^(---\r?\n)([\s\S]*?\r?\n)(---[\s\S]*)$/.exec(text);
    if (!match) { return raw; }
    var lines = match[2].split(/(?<=\n)/).filter(function (line) { return !/^[\w-]+: null\r?\n$/.test(line); });
    return match[1] + lines.join("") + match[3];
  }

  function wrap(implementation, language, folders) {
    function repo(path) { return toRepository(path, language, folders); }
    function editor(path) { return toEditor(path, language, folders); }
    function entries(found) {
      (found || []).forEach(function (entry) { if (entry && entry.file) { entry.file.path = editor(entry.file.path); } });
      return found;
    }
    var own = {
      entriesByFolder: function (folder, extension, depth) {
        return implementation.entriesByFolder(folder, extension, depth).then(entries);
      },
      allEntriesByFolder: function (folder, extension, depth, pathRegex) {
        /* Decap lists an i18n collection's entries by its default language's files, <id>.en.md:
           test the repository's names as Decap names them. */
        var test = pathRegex && { test: function (path) { return pathRegex.test(editor(path)); } };
        return implementation.allEntriesByFolder(folder, extension, depth, test).then(entries);
      },
      entriesByFiles: function (files) {
        return implementation.entriesByFiles(files.map(function (file) {
          return Object.assign({}, file, { path: repo(file.path) });
        })).then(entries);
      },
      getEntry: function (path) {
        return implementation.getEntry(repo(path)).then(function (entry) {
          if (entry && entry.file) { entry.file.path = path; }
          return entry;
        });
      },
      persistEntry: function (entry, options) {
        var all = entry.dataFiles || [];
        var original = all.filter(function (file) { return repo(file.path) !== file.path; })[0];
        var files = all.filter(function (file) {
          var translation = inFolders(file.path, folders) && repo(file.path) === file.path && editor(file.path) === file.path;
          /* A new entry's translation nobody wrote is not made (as `assembly serve` does). */
          return !(options && options.newEntry && translation && original && untranslated(file.raw, original.raw));
        }).map(function (file) {
          var moved = Object.assign({}, file, { path: repo(file.path) });
          if (original && file !== original && inFolders(file.path, folders)) { moved.raw = withoutNulls(file.raw); }
          if (file.newPath) { moved.newPath = repo(file.newPath); }
          return moved;
        });
        return implementation.persistEntry(Object.assign({}, entry, { dataFiles: files }), options);
      },
      deleteFiles: function (paths, message) {
        return implementation.deleteFiles(paths.map(repo), message);
      },
      unpublishedEntry: function (request) {
        return implementation.unpublishedEntry(request).then(function (found) {
          (found && found.diffs || []).forEach(function (diff) { diff.path = editor(diff.path); });
          return found;
        });
      },
      unpublishedEntryDataFile: function (collection, slug, path, id) {
        return implementation.unpublishedEntryDataFile(collection, slug, repo(path), id);
      }
    };
    return new Proxy(implementation, {
      get: function (target, key) {
        if (Object.prototype.hasOwnProperty.call(own, key) && typeof target[key] === "function") { return own[key]; }
        var value = target[key];
        return typeof value === "function" ? value.bind(target) : value;
      },
      set: function (target, key, value) { target[key] = value; return true; }
    });
  }

  /* The box after a save: made once, a status region that screen readers announce. */
  function tell(document, saved) {
    var box = document.getElementById("assembly-saved");
    if (!box) {
      box = document.createElement("section");
      box.id = "assembly-saved";
      box.setAttribute("aria-label", "After saving");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:10000;background:#fff;color:#0b0c0c;" +
        "font:16px/1.5 system-ui,sans-serif;box-shadow:0 -2px 6px rgba(0,0,0,.25);border-top:6px solid #1d70b8;" +
        "padding:12px 16px";
      var status = document.createElement("div");
      status.setAttribute("role", "status");
      box.appendChild(status);
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Close";
      close.style.cssText = "font:inherit;margin-top:8px";
      close.addEventListener("click", function () { box.hidden = true; });
      box.appendChild(close);
      document.body.appendChild(box);
    }
    var region = box.firstChild;
    region.textContent = "";
    var text = document.createElement("p");
    text.style.margin = "0";
    text.textContent = saved.text + " ";
    if (saved.link) {
      var link = document.createElement("a");
      link.href = saved.link;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      link.textContent = saved.label;
      link.style.color = "#1d4f91";
      text.appendChild(link);
    }
    region.appendChild(text);
    box.hidden = false;
  }

  return { tell: tell, toRepository: toRepository, toEditor: toEditor, untranslated: untranslated, withoutNulls: withoutNulls,
           wrap: wrap };
}));
