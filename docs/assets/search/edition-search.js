/*
 * The edition's search: rewrites each query before it reaches Material's
 * search worker, and labels every result with the text it comes from.
 *
 * Material posts {type: 2 (QUERY), data: "<what the reader typed>"} to its
 * worker. The worker appends `*` to each word and matches prefixes, skipping
 * lunr's stemmers; so the query is normalised as the texts were cleaned and
 * reduced here to search keys (EditionSearch.rewriteQuery in kazakh-stem.js):
 * Kazakh words by the edition's suffix stripper, Russian words by lunr's
 * Russian Snowball stemmer (the very file Material ships for its worker,
 * loaded here as a module).
 * Each result is labelled with the short title of the text it comes from.
 */
(function () {
  "use strict";

  var QUERY = 2; // SearchMessageType.QUERY in Material 9.x
  var script = document.currentScript;
  var lunrBase = new URL("../javascripts/lunr/min/", script ? script.src : location.href);

  /* An interface string (build_tools/data/locale/kk.yaml), read when it is used:
   * window.EditionData is set by the first script of the page. */
  function uiText(key) {
    var data = window.EditionData;
    return (data && data.strings && data.strings[key]) || key;
  }

  // ------------------------------------------------ lunr's Russian stemmer

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

  // Loaded when the reader first turns to search (focus or first query), not
  // on every page view.
  var russian = null;
  function loadRussian() {
    russian = russian || Promise.all([
      loadModule(new URL("lunr.stemmer.support.min.js", lunrBase)),
      loadModule(new URL("lunr.ru.min.js", lunrBase))
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

  // ------------------------------------------------ rewriting the query

  // What the last query was and how many were forwarded (for tests and the
  // latency benchmark, and for anyone wondering what the worker was asked).
  var state = window.EditionSearch.state = { received: 0, forwarded: 0, typed: "", rewritten: "" };

  var post = Worker.prototype.postMessage;
  var pending = Promise.resolve();
  Worker.prototype.postMessage = function (message) {
    var worker = this, args = arguments;
    if (!message || message.type !== QUERY || typeof message.data !== "string") {
      return post.apply(worker, args);
    }
    state.received++;
    // Queries keep their order; they wait only until the stemmer is loaded.
    pending = pending.then(loadRussian).then(function (options) {
      var rewritten = message.data;
      try {
        rewritten = window.EditionSearch.rewriteQuery(message.data, options);
      } catch (err) { // never leave the reader without search: send it as typed
        console.warn("edition search: query not rewritten", err);
      }
      state.typed = message.data;
      state.rewritten = rewritten;
      state.forwarded++;
      post.call(worker, { type: QUERY, data: rewritten });
    });
  };

  // ------------------------------------------------ result labels

  // Texts are named by their short titles (texts.yaml short_title), which the site
  // navigation, carried by every page, gives for each text's address.
  function textTitles() {
    var titles = {};
    document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), location.href).pathname;
      var m = /\/texts\/([^/]+)\/$/.exec(url);
      if (m && !titles[m[1]]) titles[m[1]] = a.textContent.trim();
    });
    return titles;
  }

  function label(link, titles) {
    var article = link.querySelector(".md-search-result__article--document, article");
    if (!article || article.querySelector(".edition-search-source")) return;
    var path = new URL(link.href).pathname;
    var text = /\/texts\/([^/]+)\//.exec(path);
    var source;
    if (text) source = titles[text[1]] || "";
    else if (/\/glossary\//.test(path)) source = uiText("scripts.search_glossary");
    if (!source) return;
    var el = document.createElement("div");
    el.className = "edition-search-source";
    el.textContent = source;
    article.insertBefore(el, article.firstChild);
  }

  function setup() {
    var input = document.querySelector(".md-search__input");
    if (input) input.addEventListener("focus", loadRussian, { once: true });
    var list = document.querySelector(".md-search-result__list");
    if (!list || list.dataset.editionLabels) return;
    list.dataset.editionLabels = "1";
    var titles = null;
    new MutationObserver(function () {
      titles = titles || textTitles();
      list.querySelectorAll("li.md-search-result__item > a.md-search-result__link:first-child")
        .forEach(function (a) { label(a, titles); });
    }).observe(list, { childList: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
