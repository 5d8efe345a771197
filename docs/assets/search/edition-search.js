/*
 * The edition's search (README, "Search"): the dialog the header's search button
 * opens (overrides/partials/search.html), and the marks on a page opened from a
 * result.
 *
 * The index is Pagefind's (site/pagefind/, written at the end of the build by
 * build_tools/publish/search_index.py): sharded by the words' first letters, so
 * a query downloads the chunks of its own words and the fragments of the results
 * it shows. Pagefind has no Kazakh stemmer: the index files every word form under
 * its stem (its search key, made at build time), and Pagefind matches each query
 * word as a prefix of the indexed keys. So each query is first reduced to its
 * search keys (EditionSearch.rewriteQuery in kazakh-stem.js): normalised as the
 * texts were cleaned, Kazakh words without
 * their endings, Russian words by the Snowball stemmer of lunr-languages (loaded
 * from assets/search/lunr/), endings after an acronym dropped. "саясаттың"
 * becomes "саясат", which finds саясат, саясатқа, саясатының ...
 *
 * Only Pagefind's public search API (pagefind.js: options, search, filters) is
 * used; no part of the theme's search.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var HERE = script ? script.src : location.href; // .../assets/search/edition-search.js
  var BUNDLE = new URL("../../pagefind/", HERE); // site/pagefind/
  var LUNR = new URL("lunr/", HERE); // the Russian stemmer (publish/search_hooks.py)
  var HIGHLIGHT = "h"; // the query parameter that carries the search keys to a result's page
  var PAGE_SIZE = 8; // results shown at once (each loads its fragment)
  var SECTIONS = 3; // sections shown under a result
  var EXCERPT_WORDS = 26;
  var DEBOUNCE_MS = 120; // a query is searched once typing pauses this long …
  var SHORT_WORD_MS = 400; // … or this long when its last word gives a key of one or two letters
  // Ranking (Pagefind's BM25, tuned): an entry of the glossary ranks first for its own
  // acronyms (publish/search_index.py gives them as the metadata field `acronyms`, weighed
  // 40); a record whose title (a section's heading, an entry's name) has the words ranks
  // higher (2; Pagefind's default 5 put «Ғылым және саясат» қоры first for саясаттың, above
  // every chapter on policy); and a long record is hardly held against (pageLength 0.1,
  // Pagefind's default 0.75): a passage that speaks of a subject at length ranks above a
  // short note that names it once.
  var RANKING = { pageLength: 0.1, metaWeights: { title: 2, acronyms: 40 } };

  /* An interface string (build_tools/data/locale/kk.yaml), read when it is used:
   * window.EditionData is set by the first script of the page. */
  function uiText(key, n) {
    var data = window.EditionData;
    var text = (data && data.strings && data.strings[key]) || key;
    return n === undefined ? text : text.replace("{n}", String(n));
  }

  // ------------------------------------------------ loading: the Russian stemmer, Pagefind

  function loadModule(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.text();
    }).then(function (code) {
      var module = { exports: {} };
      new Function("module", "exports", code)(module, module.exports); // UMD → CommonJS branch
      return module.exports;
    });
  }

  // The least of lunr that lunr.stemmer.support and lunr.ru need to register.
  var lunrShim = {
    Pipeline: { registerFunction: function () {} },
    generateStopWordFilter: function (words) {
      var set = Object.create(null);
      words.forEach(function (w) { set[w] = true; });
      return function (token) { return set[token] ? undefined : token; };
    }
  };

  var russian = null;
  function loadRussian() {
    russian = russian || Promise.all([
      loadModule(new URL("lunr.stemmer.support.min.js", LUNR)),
      loadModule(new URL("lunr.ru.min.js", LUNR))
    ]).then(function (mods) {
      mods[0](lunrShim);
      mods[1](lunrShim);
      return {
        russianStem: function (w) { return lunrShim.ru.stemmer(w); },
        russianStopWord: function (w) { return lunrShim.ru.stopWordFilter(w) === undefined; }
      };
    }).catch(function (err) {
      console.warn("edition search: Russian stemmer not loaded", err);
      return {};
    });
    return russian;
  }

  // Loaded when the reader first turns to search (the button is hovered, focused or
  // pressed), never on a plain page view. A large edition's index is written in parts and
  // merged at build time (publish/index_files.py): the browser always sees one index.
  var engine = null;
  var stemmer = {}; // the Russian stemmer, once loaded (for a query's keys while typing)
  function loadEngine() {
    engine = engine || Promise.all([
      import(new URL("pagefind.js", BUNDLE).href).then(function (pagefind) {
        return pagefind.options({ excerptLength: EXCERPT_WORDS, ranking: RANKING }).then(function () {
          return pagefind.init();
        }).then(function () { return pagefind; });
      }),
      loadRussian()
    ]).then(function (loaded) {
      stemmer = loaded[1];
      return { pagefind: loaded[0], stemmer: loaded[1] };
    });
    return engine;
  }

  // ------------------------------------------------ state (for tests and the benchmark)

  // typed: the last query typed; rewritten: its search keys; started/completed: searches
  // asked for and shown (equal when the page shows the results of the last query);
  // results: Pagefind's results of the last query (each with data()); inputAt/renderedAt:
  // performance.now() of the last keystroke and of the results in the DOM; steps: where the
  // time between the two went, in ms (the benchmark's breakdown): waited (for typing to
  // pause), answered (from then to Pagefind's answer: its script and the query's chunks if
  // not yet loaded, and its search), fragments (the shown results' fragments), render (the
  // results into the DOM); results: how many Pagefind found.
  window.EditionSearch.load = loadEngine; // → {pagefind, stemmer} (tests use the page's own)
  var state = window.EditionSearch.state = {
    typed: "", rewritten: "", started: 0, completed: 0, results: [], inputAt: 0, renderedAt: 0, error: "",
    steps: {}
  };

  // ------------------------------------------------ rendering

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Pagefind's excerpt (its text with < and > escaped, the matched words in <mark>) as DOM
   * nodes: the text is never parsed as HTML; a mark holds the word, not the punctuation
   * stuck to it (a quotation mark, a comma). */
  var EDGE = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;
  function excerptNodes(excerpt, into) {
    var parts = String(excerpt || "").split(/(<mark>[\s\S]*?<\/mark>)/);
    parts.forEach(function (part) {
      if (!part) return;
      var marked = /^<mark>([\s\S]*)<\/mark>$/.exec(part);
      var text = (marked ? marked[1] : part).replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      if (!marked) {
        into.appendChild(document.createTextNode(text));
        return;
      }
      var m = EDGE.exec(text);
      if (m[1]) into.appendChild(document.createTextNode(m[1]));
      if (m[2]) into.appendChild(el("mark", "", m[2]));
      if (m[3]) into.appendChild(document.createTextNode(m[3]));
    });
    return into;
  }

  function withKeys(url, keys) {
    var u = new URL(url, location.href);
    keys.split(" ").forEach(function (k) { if (k) u.searchParams.append(HIGHLIGHT, k); });
    return u.pathname + u.search + u.hash;
  }

  /* The line above a result's title: the text it comes from (its short title) and the page
   * of the text (a chapter), or the part of the edition (glossary, chronology); a note of
   * the commentary says it is one. */
  function sourceLabel(data) {
    var filters = data.filters || {};
    var kind = (filters.kind || [])[0] || "";
    var text = (filters.text || [])[0] || "";
    var page = (data.meta && data.meta.page) || "";
    if (kind === "commentary") return (text ? text + " · " : "") + uiText("search.kinds.commentary");
    if (text) return page && page !== text ? text + " · " + page : text;
    return kind ? uiText("search.kinds." + kind) : "";
  }

  /* The word forms a result's page was found by, most frequent first: in an agglutinative
   * language a key finds many forms (саясат: саясаты, саясаттың, саясатқа ...), and the
   * excerpt shows one or two of them. */
  function matchedForms(data) {
    var words = String(data.content || "").split(/[\r\n\s]+/g);
    var counts = new Map();
    (data.locations || []).forEach(function (loc) {
      var form = EDGE.exec(words[loc] || "")[2].toLowerCase();
      if (form) counts.set(form, (counts.get(form) || 0) + 1);
    });
    return Array.from(counts.keys()).sort(function (a, b) { return counts.get(b) - counts.get(a); });
  }

  // An address as a comparable string (Pagefind percent-encodes a section's anchor, not a record's).
  function samePlace(url) {
    var u = new URL(url, location.href);
    return decodeURIComponent(u.pathname + u.hash);
  }

  function score(sub) {
    return (sub.weighted_locations || []).reduce(function (sum, l) { return sum + (l.balanced_score || 1); }, 0);
  }

  function resultItem(data, keys) {
    var li = el("li", "edition-search__result");
    var link = el("a", "edition-search__link");
    link.href = withKeys(data.url, keys);
    var source = sourceLabel(data);
    if (source) link.appendChild(el("span", "edition-search__source edition-search-source", source));
    var title = el("span", "edition-search__title", (data.meta && data.meta.title) || data.url);
    if (data.meta && data.meta.place) {
      title.appendChild(document.createTextNode(" "));
      title.appendChild(el("span", "edition-search__place", data.meta.place));
    }
    link.appendChild(title);
    li.appendChild(link);
    var forms = matchedForms(data);
    if (forms.length > 1) {
      var line = el("p", "edition-search__forms", uiText("search.forms") + " ");
      forms.forEach(function (form, i) {
        if (i) line.appendChild(document.createTextNode(" · "));
        line.appendChild(el("mark", "", form));
      });
      li.appendChild(line);
    }
    // the page's own part (before its first section) and its sections (h2 … h6)
    var subs = data.sub_results || [];
    var here = samePlace(data.url);
    var own = function (sub) { return !sub.anchor || samePlace(sub.url) === here || /^h1$/i.test(sub.anchor.element); };
    var sections = subs.filter(function (sub) { return !own(sub); });
    sections.sort(function (a, b) { return score(b) - score(a); });
    var whole = subs.filter(own)[0];
    var excerpt = whole ? whole.excerpt : (sections.length ? "" : data.excerpt);
    if (excerpt) li.appendChild(excerptNodes(excerpt, el("p", "edition-search__excerpt")));
    if (sections.length) {
      var list = el("ul", "edition-search__sections");
      sections.slice(0, SECTIONS).forEach(function (sub) {
        var item = el("li", "edition-search__section");
        var a = el("a", "edition-search__section-link", sub.title);
        a.href = withKeys(sub.url, keys);
        item.appendChild(a);
        item.appendChild(excerptNodes(sub.excerpt, el("p", "edition-search__excerpt")));
        list.appendChild(item);
      });
      li.appendChild(list);
    }
    return li;
  }

  // ------------------------------------------------ the dialog

  function setup(root) {
    var open = root.querySelector(".edition-search__open");
    var dialog = root.querySelector(".edition-search__dialog");
    var form = root.querySelector(".edition-search__form");
    var input = root.querySelector(".edition-search__input");
    var status = root.querySelector(".edition-search__status");
    var list = root.querySelector(".edition-search__results");
    var more = root.querySelector(".edition-search__more");
    var filters = root.querySelector(".edition-search__filters");
    var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
    var timer = null;
    var shown = 0;

    function say(text) { status.textContent = text; }

    function chosenFilters() {
      var chosen = {};
      selects.forEach(function (s) { if (s.value) chosen[s.dataset.filter] = s.value; });
      return chosen;
    }

    function showMore(results, keys, ticket, steps) {
      var slice = results.slice(shown, shown + PAGE_SIZE);
      var asked = performance.now();
      return Promise.all(slice.map(function (r) { return r.data(); })).then(function (datas) {
        if (ticket !== state.started) return false;
        var loaded = performance.now();
        datas.forEach(function (d) { list.appendChild(resultItem(d, keys)); });
        if (steps) {
          steps.fragments = loaded - asked;
          steps.render = performance.now() - loaded;
        }
        shown += slice.length;
        more.hidden = shown >= results.length;
        return true;
      });
    }

    // The search keys of a query (search.js rewriteQuery). A one-letter key would match (and
    // download) every word that begins with that letter: it is left out (Н. Назарбаев is
    // searched as назарбаев).
    function searchKeys(query, e) {
      var keys = query.trim() ? window.EditionSearch.rewriteQuery(query, e.stemmer) : "";
      return keys.split(" ").filter(function (k) { return k.length > 1; }).join(" ");
    }

    // While the reader types, the index's parts for the keys typed so far are fetched
    // (Pagefind's preload), so that the search, once typing pauses, finds them loaded.
    function preload(query) {
      loadEngine().then(function (e) {
        var keys = searchKeys(query, e);
        if (keys && query === input.value) return e.pagefind.preload(keys, { filters: chosenFilters() });
      }).catch(function () {});
    }

    function search() {
      var query = input.value;
      var ticket = state.started;
      var began = performance.now();
      var steps = { waited: began - state.inputAt };
      loadEngine().then(function (e) {
        var keys = searchKeys(query, e);
        state.rewritten = keys;
        if (!keys) return { results: [] };
        return e.pagefind.search(keys, { filters: chosenFilters() });
      }).then(function (response) {
        if (ticket !== state.started) return false;
        steps.answered = performance.now() - began;
        steps.results = response.results ? response.results.length : 0;
        state.steps = steps;
        var results = response.results || [];
        state.results = results;
        list.textContent = "";
        shown = 0;
        more.hidden = true;
        if (!state.rewritten) {
          say(uiText("search.hint"));
          return true;
        }
        say(results.length ? uiText("search.count", results.length) : uiText("search.none"));
        return showMore(results, state.rewritten, ticket, steps);
      }).then(function (done) {
        if (done && ticket === state.started) {
          state.completed = ticket;
          state.renderedAt = performance.now();
        }
      }).catch(function (err) {
        console.error("edition search:", err);
        state.error = String(err);
        say(uiText("search.error"));
        if (ticket === state.started) state.completed = ticket;
      });
    }

    function queue() {
      state.typed = input.value;
      state.started++;
      state.inputAt = performance.now();
      clearTimeout(timer);
      // A last word that gives a key of one or two letters is most often one being typed: its
      // prefix would match, and download, a large part of the index; it waits for a longer
      // pause (an acronym of two letters, ЕО, is still searched). An ending after an acronym
      // (ЕАЭО-ға) is no such word (kazakh-stem.js lastWordIsShort).
      var short = window.EditionSearch.lastWordIsShort(input.value, stemmer);
      if (!short) preload(input.value);
      timer = setTimeout(search, short ? SHORT_WORD_MS : DEBOUNCE_MS);
    }

    // The texts a search can be narrowed to: the index's `text` filter (every text's short
    // title), read when the reader first opens the filters. The kinds and languages are
    // in the markup.
    function fillFilters() {
      var select = root.querySelector("select[data-filter='text']");
      if (select.options.length > 1) return;
      loadEngine().then(function (e) { return e.pagefind.filters(); }).then(function (all) {
        if (select.options.length > 1) return;
        var collator = new Intl.Collator("kk");
        Object.keys(all.text || {}).sort(collator.compare).forEach(function (title) {
          var option = el("option", "", title);
          option.value = title;
          select.appendChild(option);
        });
      }).catch(function (err) { console.warn("edition search: filters not loaded", err); });
    }

    function show() {
      loadEngine().catch(function () { say(uiText("search.error")); });
      if (!dialog.open) dialog.showModal();
      document.documentElement.classList.add("edition-search-open");
      input.focus();
      input.select();
    }

    open.addEventListener("click", show);
    ["pointerenter", "focus"].forEach(function (type) {
      open.addEventListener(type, function () { loadEngine().catch(function () {}); }, { once: true });
    });
    dialog.addEventListener("close", function () {
      document.documentElement.classList.remove("edition-search-open");
      // back to the header's button (also when the dialog was opened with "/")
      var active = document.activeElement;
      if (!active || active === document.body || dialog.contains(active)) open.focus();
    });
    root.querySelector("[data-edition-search-close]").addEventListener("click", function () { dialog.close(); });
    // a click on the backdrop (outside the panel) closes the dialog
    dialog.addEventListener("click", function (ev) { if (ev.target === dialog) dialog.close(); });
    input.addEventListener("input", queue);
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var first = list.querySelector("a");
      if (first) first.click();
    });
    selects.forEach(function (s) {
      s.addEventListener("change", function () { if (input.value.trim()) queue(); });
    });
    filters.addEventListener("toggle", function () { if (filters.open) fillFilters(); });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showMore(state.results, state.rewritten, state.started).then(function () {
        var next = list.children[first] && list.children[first].querySelector("a");
        if (next) next.focus();
      });
    });

    // Arrow keys move between the input and the results' links.
    dialog.addEventListener("keydown", function (ev) {
      if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (document.activeElement === input && ev.key === "ArrowDown" && links.length) {
        links[0].focus();
      } else if (at >= 0) {
        if (ev.key === "ArrowDown" && at + 1 < links.length) links[at + 1].focus();
        else if (ev.key === "ArrowUp") (at > 0 ? links[at - 1] : input).focus();
      } else {
        return;
      }
      ev.preventDefault();
    });

    // "/" opens the search from anywhere but a field being typed in.
    window.addEventListener("keydown", function (ev) {
      if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || dialog.open) return;
      var t = ev.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      ev.preventDefault();
      ev.stopPropagation(); // the theme's own shortcuts do not see it
      show();
    }, true);
  }

  // ------------------------------------------------ marks on a page opened from a result

  var SKIP = "script, style, mark, .headerlink, [data-pagefind-ignore], .edition-search";

  /* Every word of the page's content that the search keys the result's link carried
   * (?h=саясат) found: the same rule as the index's, a key that begins the word's own key
   * (саясаттың, саясатқа; not белгілер, filed under белгі, for the key белгіл of белгілі). */
  function highlight() {
    var keys = new URLSearchParams(location.search).getAll(HIGHLIGHT)
      .map(function (k) { return k.normalize("NFC").toLowerCase().trim(); })
      .filter(Boolean);
    var article = document.querySelector("article");
    if (!keys.length || !article) return;
    var escaped = keys.map(function (k) { return k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])((?:" + escaped.join("|") + ")[\\p{L}\\p{N}]*)", "giu");
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        return parent && !parent.closest(SKIP) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return;
      pattern.lastIndex = 0;
      var frag = document.createDocumentFragment();
      var last = 0;
      var m;
      while ((m = pattern.exec(text)) !== null) {
        var own = window.EditionSearch.indexKey(m[2]);
        if (!keys.some(function (k) { return own.indexOf(k) === 0; })) continue;
        var start = m.index + m[1].length;
        frag.appendChild(document.createTextNode(text.slice(last, start)));
        var mark = el("mark", "edition-search-mark", m[2]);
        mark.setAttribute("data-search-highlight", "");
        frag.appendChild(mark);
        last = start + m[2].length;
      }
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    });
  }

  function start() {
    var root = document.querySelector("[data-edition-search]");
    if (root) setup(root);
    highlight();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
