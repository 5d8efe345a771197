/*
 * Search query rewriting for the edition: a careful Kazakh suffix stripper
 * and the function that turns what a reader typed into the query the search
 * index runs.
 *
 * This module reduces each query word to a *search key*: the longest prefix
 * shared by the word's inflected forms. "саясаттың" becomes "саясат". The index
 * (Pagefind, site/pagefind/) files every word form of the texts under the same
 * key, made at build time by build_tools/core/search_key.py (this stem and
 * searchKey written in Python, tested against this file), and Pagefind matches
 * each query key as a prefix of the indexed keys: "саясат" finds саясат,
 * саясаттың, саясатқа, саясаты ... The exact form typed is always found, because
 * its key is the key it is filed under.
 *
 * One implementation for the browser (edition-search.js uses it) and for the
 * tests (node loads this file: tests/js/search_cli.js).
 *
 * Only inflectional endings are stripped, in the order Kazakh stacks them
 * after the stem (plural, possessive, case), each at most once, each
 * checked against vowel harmony, and never below MIN_STEM letters.
 *
 * Before that, a query is normalised as the cleaner normalised the texts
 * (normalizeQuery): Unicode NFC, invisible characters removed, Latin
 * look-alike letters in a Cyrillic word replaced by their Cyrillic twins.
 */
(function (root, factory) {
  // The language tables come from build_tools/data/language.yaml, as
  // `EditionData.language` (build_tools/publish/script_data.py): in the
  // browser a preamble of the site's first script defines window.EditionData;
  // in node the test harness defines global.EditionData before requiring this.
  if (typeof module === "object" && module.exports) {
    module.exports = factory(global.EditionData);
  } else {
    root.EditionSearch = factory(root.EditionData);
  }
})(typeof self !== "undefined" ? self : this, function (editionData) {
  "use strict";

  var LANGUAGE = editionData && editionData.language;
  if (!LANGUAGE) {
    throw new Error("kazakh-stem.js: EditionData.language is missing " +
      "(the data preamble of the site's first script defines it)");
  }

  var MIN_STEM = 3;

  // Vowel harmony: back and front vowels (я, ё in loanwords behave as back);
  // the neutral ones (и, у) go with either series.
  var BACK = LANGUAGE.vowels.back;
  var FRONT = LANGUAGE.vowels.front;
  var VOWELS = BACK + FRONT + LANGUAGE.vowels.neutral;
  // A word with one of the letters Kazakh adds to the Russian alphabet is Kazakh.
  var KAZAKH_LETTERS = new RegExp("[" + LANGUAGE.kazakh_letters + "]");

  // What a stem may end with before an ending (Kazakh endings choose their
  // first consonant by the sound before them: Қазақстан-ның, Ресей-дің,
  // саясат-тың).
  var VOW = LANGUAGE.stem_ends.vowel;               // vowels (not и, у)
  var SEMIVOWELS = LANGUAGE.stem_ends.semivowel;    // й, у, и
  var POSS3 = LANGUAGE.stem_ends.possessive;        // 3rd person possessive, before н-forms
  var POSS3_N = LANGUAGE.possessive_n;              // the н of саясат-ы-н-да
  var CONS = LANGUAGE.consonant;                    // `after` of endings that follow any consonant
  // Russian surnames take back endings: Назарбаевтың, Токаевқа.
  var RUSSIAN_SURNAME = new RegExp("(?:" + LANGUAGE.russian_surname_endings.join("|") + ")$");
  // A final consonant that alternates before vowel endings (қ/ғ, к/г, п/б).
  var VOICING = Object.keys(LANGUAGE.voicing).map(function (k) { return k + LANGUAGE.voicing[k]; }).join("");
  var ALTERNATING_END = new RegExp("[" + VOICING + "]$");

  // Ending tables, longest first: [ending, vowel harmony, what the stem must
  // end with (letters, or CONS)]. Case endings; possessive endings (not the
  // 1st/2nd person singular: -ым/-ім also forms nouns: келісім, ұйым, білім);
  // plural endings.
  var CASES = LANGUAGE.endings.cases;
  var POSSESSIVES = LANGUAGE.endings.possessives;
  var PLURALS = LANGUAGE.endings.plurals;

  // Kazakh words a query may drop when other words remain (conjunctions,
  // postpositions, pronouns): as prefixes they would match half the edition.
  var KAZAKH_STOP = LANGUAGE.stop_words;

  // An acronym with its ending typed without the hyphen: ШЫҰға, ЕАЭО-ға.
  var GLUED_ACRONYM = new RegExp("^([" + LANGUAGE.upper_class + "]{2,})([" + LANGUAGE.lower_class + "]+)$");

  function lastVowel(word) {
    for (var i = word.length - 1; i >= 0; i--) {
      if (VOWELS.indexOf(word[i]) >= 0) return word[i];
    }
    return "";
  }

  function harmonyOk(stem, harmony) {
    if (harmony === "any") return true;
    // Russian surnames take back endings: Назарбаевтың, Токаевқа.
    if (RUSSIAN_SURNAME.test(stem)) return true;
    var v = lastVowel(stem);
    if (v === "" || LANGUAGE.vowels.neutral.indexOf(v) >= 0) return true; // neutral: either series
    return harmony === "back" ? BACK.indexOf(v) >= 0 : FRONT.indexOf(v) >= 0;
  }

  function isVowel(ch) {
    return VOWELS.indexOf(ch) >= 0;
  }

  function contextOk(stem, after) {
    var last = stem.charAt(stem.length - 1);
    if (last === "") return false;
    if (after === CONS) return VOW.indexOf(last) < 0;
    return after.indexOf(last) >= 0;
  }

  function hasVowel(word) {
    for (var i = 0; i < word.length; i++) if (isVowel(word[i])) return true;
    return false;
  }

  // Strip at most one ending of `table` from `word`; returns [stem, ending],
  // with a third item `true` when an ending fits but leaves too short a stem.
  // An ending that fits but would leave too short a stem ends the search:
  // a shorter ending matching there is a misreading (еліміз is ел-іміз,
  // not елі-міз).
  function stripOne(word, table, minStem) {
    for (var i = 0; i < table.length; i++) {
      var ending = table[i][0];
      if (word.length <= ending.length - (minStem > 0 ? 0 : 1)) continue;
      if (word.slice(-ending.length) !== ending) continue;
      var stem = word.slice(0, -ending.length);
      if (!harmonyOk(stem === "" ? ending : stem, table[i][1])) continue;
      if (minStem === 0) return [stem, ending];
      if (!contextOk(stem, table[i][2])) continue;
      if (stem.length < minStem || !hasVowel(stem)) return [word, "", true];
      return [stem, ending];
    }
    return [word, ""];
  }

  /** The stem of a lower- or upper-case Kazakh word form (lower-cased). */
  function stem(word, minStem) {
    if (minStem === undefined) minStem = MIN_STEM;
    var whole = String(word).toLowerCase();
    // Case, then possessive, then plural: the reverse of their order in the
    // word. An ending that would leave too short a stem stops the stripping
    // (елдің stays whole rather than becoming елд).
    var c = stripOne(whole, CASES, minStem);
    if (c[2]) return whole;
    var p = stripOne(c[0], POSSESSIVES, minStem);
    if (minStem > 0 && c[1].indexOf(POSS3_N) === 0 && POSS3.indexOf(c[0].slice(-1)) >= 0) {
      // An н-ending read after a 3rd person possessive (саясат-ы-н,
      // саясат-ы-нда) needs that possessive, on a stem of four letters or
      // more: кейін, айқын, жақын, орын are words, not кей-і-н, айқ-ы-н.
      if (p[2] || !p[1] || p[0].length < 4) return whole;
    }
    var result = c[0];
    if (!p[2]) {
      var l = stripOne(p[0], PLURALS, minStem);
      result = l[2] ? p[0] : l[0];
    }
    // A three-letter stem must end in a firm consonant (сауда, пайда, үшін
    // are not сау-да, пай-да, үші-н) and lose at least three letters of
    // endings: жыл-дың, заң-ның, but кесте, қысқа, тағы, басқа stay whole.
    if (minStem > 0 && result !== whole && result.length === 3 &&
        ((VOW + SEMIVOWELS).indexOf(result.charAt(2)) >= 0 || whole.length - 3 < 3)) {
      return whole;
    }
    return result;
  }

  /** True if `part` is nothing but endings (the "ның" of "ШЫҰ-ның"). */
  function isEnding(part) {
    var p = String(part).toLowerCase();
    return p.length > 0 && stem(p, 0) === "";
  }

  /**
   * The search key of a Kazakh word: its stem, minus a final к/қ/п (г/ғ/б)
   * that alternates before vowel endings (ынтымақтастық → ынтымақтастығы),
   * so the key is a prefix of every form. Kept whole when that would leave
   * fewer than five letters.
   */
  function searchKey(word) {
    var s = stem(word);
    if (s.length >= 6 && ALTERNATING_END.test(s)) s = s.slice(0, -1);
    return s;
  }

  /**
   * The key a word of the texts is filed under in the index (build_tools/core/search_key.py
   * index_key): a Latin word or a number as it is, any other word its search key.
   */
  function indexKey(word) {
    var lower = String(word).toLowerCase();
    return isLatin(lower) ? lower : searchKey(lower);
  }

  // --------------------------------------------------- normalising a query

  // A reader may type (or copy out of a raw text) what the cleaner removed
  // from the texts, so the index has no word with it: the query goes through
  // the same steps as the texts, in the same order, with the same tables
  // (build_tools/clean/rules.py: normalize_unicode,
  // remove_invisible_characters, latin_schwa, latin_in_cyrillic_word; the
  // tables of language.yaml).

  function classOf(chars) {
    return "[" + chars.replace(/[\\\]^-]/g, "\\$&") + "]";
  }

  function has(table, ch) {
    return Object.prototype.hasOwnProperty.call(table, ch);
  }

  var LOOKALIKES = LANGUAGE.latin_lookalikes;
  var CYRILLIC = new RegExp("[" + LANGUAGE.cyrillic_class + "]");
  var INVISIBLE = new RegExp(classOf(LANGUAGE.invisible_characters) + "+", "g");
  var SCHWA = new RegExp(classOf(Object.keys(LOOKALIKES.schwa).join("")));
  // A Roman numeral with the abbreviation of ғасыр glued to it: not look-alikes.
  var ROMAN_WITH_CENTURY = new RegExp(LANGUAGE.roman_with_century);
  // The cleaner uses the `kazakh` table (i → і) in Kazakh texts only. A query
  // has no language, but its letters can stand for nothing but Kazakh letters
  // (Russian has no і), so a Cyrillic word with one is a Kazakh word: the
  // table applies in every Cyrillic word.
  var LATIN_TO_CYRILLIC = {};
  [LOOKALIKES.cyrillic, LOOKALIKES.kazakh].forEach(function (table) {
    Object.keys(table).forEach(function (k) { LATIN_TO_CYRILLIC[k] = table[k]; });
  });
  // The cleaner's words: runs of what Python's str.isalnum() (and "_") or
  // str.isalpha() accepts.
  var ALNUM_RUN = /[\p{L}\p{N}_]+/gu;
  var LETTER_RUN = /\p{L}+/gu;

  function replaceLetters(word, table) {
    return Array.from(word).map(function (ch) { return has(table, ch) ? table[ch] : ch; }).join("");
  }

  // A letter whose upper case is A-Z with no Cyrillic twin (S, D, ...): the
  // cleaner leaves such a word whole (a doubt for the editors), and so does a query.
  function unknownLatin(ch) {
    var upper = ch.toUpperCase();
    return upper >= "A" && upper <= "Z" && !has(LATIN_TO_CYRILLIC, ch);
  }

  /**
   * The query as the texts were cleaned: NFC (a letter and its combining mark
   * become one: и + U+0306 → й), invisible characters (zero-width ones, the
   * soft hyphen) removed, and in a word with Cyrillic letters the Latin schwa
   * and the Latin look-alikes replaced by their Cyrillic twins (тəуелсіздік,
   * Қазipгi, Cыртқы). A word without Cyrillic letters stays as it is (SCO,
   * Astana), and so does a word with a Latin letter that has no twin.
   */
  function normalizeQuery(query) {
    var text = String(query).normalize("NFC").replace(INVISIBLE, "");
    text = text.replace(ALNUM_RUN, function (word) {
      return SCHWA.test(word) && CYRILLIC.test(word) ? replaceLetters(word, LOOKALIKES.schwa) : word;
    });
    return text.replace(LETTER_RUN, function (word) {
      if (!/[A-Za-z]/.test(word) || !CYRILLIC.test(word) || ROMAN_WITH_CENTURY.test(word)) return word;
      if (Array.from(word).some(unknownLatin)) return word;
      return replaceLetters(word, LATIN_TO_CYRILLIC);
    });
  }

  // --------------------------------------------------------------- queries

  // Word separators: what splits a typed word into the words searched. Every
  // character the index splits a word at (ASCII punctuation: Pagefind indexes
  // "ШЫҰ-ның" as шыұның, шыұ and ның) is one, and so are quotation marks and
  // dashes of every kind (tests/publish/test_search_stemmer.py checks).
  var SEPARATOR = /[\s\-‐‑‒–—―−«»“”„‟"'‘’‚‹›()[\]{}<>\/\\|.,;:!?…·•=_#№%]+/;

  function isLatin(word) {
    return /^[a-z0-9]+$/.test(word);
  }

  function englishKey(word) {
    if (word.length > 4 && /ies$/.test(word)) return word.slice(0, -3);
    if (word.length > 3 && /[^su]s$/.test(word) && !/is$/.test(word)) return word.slice(0, -1);
    return word;
  }

  /**
   * Rewrite a reader's query into search keys for the index.
   *
   * The query is first normalised (normalizeQuery); quotes and dashes of
   * every kind separate words, as in the index (SEPARATOR).
   *
   * options.russianStem(word) → stem (lunr's Russian stemmer in the browser);
   * options.russianStopWord(word) → true for Russian stop words.
   * Returns the rewritten query: space-separated keys, each of which the
   * index matches as a prefix of its words; a page must match every key.
   */
  function rewriteQuery(query, options) {
    options = options || {};
    var ruStem = options.russianStem || function (w) { return w; };
    var ruStop = options.russianStopWord || function () { return false; };
    var out = [];
    var stops = [];
    // English possessive 's, with any apostrophe the index splits at.
    var words = normalizeQuery(query).replace(/['‘’]s\b/gi, "").trim().split(/\s+/);
    words.forEach(function (word) {
      if (!word) return;
      var parts = word.split(SEPARATOR).filter(Boolean);
      parts.forEach(function (part, i) {
        // An acronym with its ending typed without the hyphen: ШЫҰға, «ШЫҰға».
        var glued = GLUED_ACRONYM.exec(part);
        if (glued && isEnding(glued[2])) part = glued[1];
        part = part.toLowerCase();
        if (i > 0 && isEnding(part)) return; // ШЫҰ-ның, ЕАЭО–ға
        var key;
        if (isLatin(part)) {
          key = /^\d+$/.test(part) ? part : englishKey(part);
        } else if (KAZAKH_LETTERS.test(part)) {
          key = searchKey(part);
        } else {
          // Cyrillic without Kazakh letters: Kazakh or Russian. Take the
          // shorter of the two keys (both are prefixes of the word), unless
          // the Russian stem is too short to be distinctive.
          key = searchKey(part);
          var ru = ruStem(part);
          if (ru && ru.length >= 4 && ru.length < key.length && part.indexOf(ru) === 0) key = ru;
        }
        if (!key) return;
        if (KAZAKH_STOP.indexOf(part) >= 0 || ruStop(part)) {
          stops.push(key);
        } else if (out.indexOf(key) < 0) {
          out.push(key);
        }
      });
    });
    if (out.length === 0) out = stops;
    return out.join(" ");
  }

  /* Whether the last word of a query looks like one still being typed: the search key it
   * gives has one or two letters, a prefix that would match (and download) a large part of
   * the index, so edition-search.js waits longer before searching it. An ending after an
   * acronym (ЕАЭО-ға, ШЫҰға) gives no key of its own, and an English 's none either: such a
   * query is searched at the usual pause. */
  function lastWordIsShort(query, options) {
    var words = normalizeQuery(query).trim().split(/\s+/);
    var keys = rewriteQuery(words[words.length - 1] || "", options).split(" ");
    return keys.some(function (key) { return key.length > 0 && key.length < 3; });
  }

  return {
    LANGUAGE: LANGUAGE,
    MIN_STEM: MIN_STEM,
    SEPARATOR: SEPARATOR,
    stem: stem,
    isEnding: isEnding,
    searchKey: searchKey,
    indexKey: indexKey,
    normalizeQuery: normalizeQuery,
    rewriteQuery: rewriteQuery,
    lastWordIsShort: lastWordIsShort
  };
});
