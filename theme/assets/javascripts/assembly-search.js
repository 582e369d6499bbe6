// Search as you type, with the index built with the site (generator/engine/search_index.py).
// assembly.js loads lunr.js, this file and search/search_index.js, in that order, when a reader
// first opens search; the lines under each result come from search/text-N.js files, loaded only
// for the results shown. Every file is a plain script, so search works from a folder (file://).
// Titles and texts from the index are shown as text, never as markup; the words that match are
// marked with <mark> elements made here.
(function () {
  "use strict";
  var panel = document.getElementById("assembly-search");
  var input = document.getElementById("__search");
  var lunr = window.lunr;
  if (!panel || !input || !lunr) return;
  var status = panel.querySelector(".md-search-result__meta");
  var list = panel.querySelector(".md-search-result__list");
  var more = panel.querySelector("[data-assembly-search-more]");
  function says(name) { return panel.getAttribute("data-search-" + name) || ""; }
  var folder = says("index").replace(/[^\/]*$/, "");  // search/, from this page
  var root = folder.replace(/search\/$/, "");          // the folder the pages' addresses start from

  var SHOWN = 20;        // results shown at first, and added by "Show more results"
  var SNIPPET = 180;     // characters of text under a result
  var TEXT_DELAY = 150;  // milliseconds the words typed stay the same before the lines are loaded
  // Words split as the index's words did (search_index.SEPARATOR); each loses its accents and the
  // punctuation around it, then goes through the index's own pipeline (English: stop words and
  // stemmer; other languages: nothing).
  var SEPARATOR = /[\s\-\u2013\u2014\/'\u2019]+/;
  var EDGES = /^[^\p{L}\p{N}_]+|[^\p{L}\p{N}_]+$/gu;
  var MARKS = /\p{M}/gu;
  var WORD = /[^\s\-\u2013\u2014\/'\u2019]+/g;

  var index = null, pages = [], chunks = [], texts = {}, requested = {};
  var shown = [], results = [], clauses = [], count = 0, pending = 0;

  function fold(word) {
    word = word.toLowerCase();
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\x7f]/.test(word)) word = word.normalize("NFD").replace(MARKS, "");
    return word.replace(EDGES, "");
  }
  var stems = new Map();
  function stem(word) {  // "" for a word the pipeline leaves out (a stop word)
    var found = stems.get(word);
    if (found === undefined) {
      found = index.pipeline.runString(word)[0] || "";
      stems.set(word, found);
    }
    return found;
  }

  // The words typed: a page matches a word if one of its words starts with the word typed
  // ("counc" finds "council") or has the same stem ("councils" finds "council"), and it must
  // match every word typed; pages with the whole word rank higher. A stop word is left out,
  // unless it is the last word, still being typed ("the" may become "theme"): then it only
  // ranks the pages that have a word starting with it higher.
  function clausesFor(value) {
    var words = value.split(SEPARATOR).map(fold).filter(Boolean);
    var found = [];
    words.forEach(function (word, i) {
      var term = stem(word);
      if (term || i === words.length - 1) found.push({word: word, term: term, required: !!term});
    });
    return found;
  }
  function matchesClause(clause, plain, term) {
    return plain.lastIndexOf(clause.word, 0) === 0 || (!!clause.term && term === clause.term);
  }
  function matches(word) {
    var plain = fold(word);
    if (!plain) return false;
    var term = stem(plain);
    return clauses.some(function (clause) { return matchesClause(clause, plain, term); });
  }
  function find() {
    var required = clauses.filter(function (clause) { return clause.required; });
    return index.query(function (query) {
      clauses.forEach(function (clause) {
        query.term(clause.word, {usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING});
        if (clause.term) query.term(clause.term, {usePipeline: false, boost: 10});
      });
    }).filter(function (result) {
      var terms = Object.keys(result.matchData.metadata);
      return required.every(function (clause) {
        return terms.some(function (term) { return matchesClause(clause, term, term); });
      });
    });
  }

  // Text with the matching words marked, as DOM nodes (never HTML).
  function marked(text, into) {
    var last = 0;
    text.replace(WORD, function (word, at) {
      if (!matches(word)) return word;
      var core = word.replace(/^[^\p{L}\p{N}_]+/u, "");
      var start = at + word.length - core.length;
      core = core.replace(/[^\p{L}\p{N}_]+$/u, "");
      into.appendChild(document.createTextNode(text.slice(last, start)));
      var mark = document.createElement("mark");
      mark.textContent = core;
      into.appendChild(mark);
      last = start + core.length;
      return word;
    });
    into.appendChild(document.createTextNode(text.slice(last)));
    return into;
  }

  // The section of a page that matches the most words typed, and a piece of its text around the
  // first match.
  function bestSection(sections) {
    var best = null;
    sections.forEach(function (section) {
      var found = {}, first = -1, score = 0;
      (section[1] + " " + section[2]).replace(WORD, function (word, at) {
        if (!matches(word)) return word;
        var key = stem(fold(word)) || fold(word);
        if (!found[key]) { found[key] = true; score++; }
        if (first < 0 && at > section[1].length) first = at - section[1].length - 1;
        return word;
      });
      if (!best || score > best.score) best = {section: section, score: score, first: first};
    });
    return best;
  }
  function snippet(text, first) {
    if (text.length <= SNIPPET) return text;
    var start = Math.max(0, first - 60);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < first ? space + 1 : start;
    }
    var end = Math.min(text.length, start + SNIPPET);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      end = cut > start + 40 ? cut : end;
    }
    return (start > 0 ? "\u2026 " : "") + text.slice(start, end) + (end < text.length ? " \u2026" : "");
  }

  function chunkOf(page) {
    var low = 0, high = chunks.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (chunks[middle] <= page) low = middle; else high = middle - 1;
    }
    return low;
  }
  function sectionsOf(page) {  // null until its text file is loaded (loadTexts)
    var chunk = chunkOf(page), held = texts[chunk];
    return held ? held[page - chunks[chunk]] || [] : null;
  }
  // The text files of the results shown, requested once the words typed have stayed the same for
  // a moment, so that fast typing does not fetch the files of results it has already replaced.
  var textTimer = 0;
  function loadTexts() {
    textTimer = 0;
    shown.forEach(function (item) {
      var chunk = chunkOf(item.page);
      if (texts[chunk] || requested[chunk]) return;
      requested[chunk] = true;
      var script = document.createElement("script");
      script.src = folder + "text-" + chunk + ".js";
      script.onerror = function () { texts[chunk] = []; fillWaiting(); };  // results without their lines
      document.body.appendChild(script);
    });
  }

  function fill(item) {
    var sections = sectionsOf(item.page);
    if (!sections) return false;
    var link = item.link, best = bestSection(sections);
    if (best && best.score) {
      var section = best.section;
      if (section[0]) link.href = root + pages[item.page][0] + "#" + section[0];
      if (section[1]) {
        var where = document.createElement("span");
        where.className = "assembly-search-result__section";
        link.appendChild(marked(section[1], where));
      }
      if (section[2]) {
        var teaser = document.createElement("span");
        teaser.className = "md-search-result__teaser";
        link.appendChild(marked(snippet(section[2], Math.max(best.first, 0)), teaser));
      }
    } else if (sections.length && sections[0][2]) {
      var start = document.createElement("span");
      start.className = "md-search-result__teaser";
      start.textContent = snippet(sections[0][2], 0);
      link.appendChild(start);
    }
    return true;
  }
  function fillWaiting() {
    shown = shown.filter(function (item) { return !fill(item); });
  }

  function show(from) {
    var added = null;
    results.slice(from, from + SHOWN).forEach(function (result) {
      var page = +result.ref;
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = root + pages[page][0];
      var title = document.createElement("span");
      title.className = "assembly-search-result__title";
      link.appendChild(marked(pages[page][1], title));
      item.appendChild(link);
      list.appendChild(item);
      added = added || link;
      var waiting = {page: page, link: link};
      if (!fill(waiting)) shown.push(waiting);
    });
    clearTimeout(textTimer);
    textTimer = shown.length ? setTimeout(loadTexts, TEXT_DELAY) : 0;
    more.hidden = results.length <= from + SHOWN;
    return added;
  }

  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }
  function search() {
    pending = 0;
    if (!index) return;
    clauses = clausesFor(input.value);
    list.textContent = "";
    shown = [];
    if (!clauses.length) {
      results = [];
      more.hidden = true;
      say(says("placeholder"));
      return;
    }
    results = find();
    count = results.length;
    say(count === 0 ? says("none") : count === 1 ? says("one") : says("other").replace("#", count.toLocaleString()));
    show(0);
  }
  function later() {  // one search for a burst of key presses
    if (!pending) pending = setTimeout(search, 0);
  }

  function receive(data) {
    if (data.kind === "index") {
      index = lunr.Index.load(data.index);
      pages = data.pages;
      chunks = data.chunks;
      search();
    } else if (data.kind === "text") {
      texts[data.chunk] = data.pages;
      fillWaiting();
    }
  }
  var queue = window.assemblySearchQueue || [];
  window.assemblySearchQueue = {push: receive};
  queue.forEach(receive);

  input.addEventListener("input", later);
  more.addEventListener("click", function () {
    var first = show(list.children.length);
    if (first) first.focus();
  });
  // Arrow keys move between the search box and the results (Tab does too).
  panel.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
    var at = event.target === input ? -1 : links.indexOf(event.target);
    if (at === -1 && (event.target !== input || event.key === "ArrowUp")) return;
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    if (next >= links.length) return;
    event.preventDefault();
    (next < 0 ? input : links[next]).focus();
  });
})();
