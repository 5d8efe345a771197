"""A reader's query is normalised as the texts were cleaned, run in node
(EditionSearch.normalizeQuery in docs/assets/search/kazakh-stem.js).

A word typed (or copied out of a raw text) with a Latin look-alike letter, a
letter and its combining mark, or an invisible character is found as the
cleaned texts have it: the query goes through the cleaner's four rules
(normalize_unicode, remove_invisible_characters, latin_schwa,
latin_in_cyrillic_word) with their tables from language.yaml.  Quotation
marks and dashes of every kind separate words, as in the index.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from search_support import ROOT, run_search_js

from build_tools.clean.engine import RULES, clean_text
from build_tools.core.language import language
from build_tools.core.model import TextMeta
from build_tools.read.texts import Paths, load_texts

KK = TextMeta(id="t", file="t.txt", language="kk", kind="article", title="t", title_en="t")
RU = dataclasses.replace(KK, language="ru")
QUERY_RULES = ("normalize_unicode", "remove_invisible_characters", "latin_schwa", "latin_in_cyrillic_word")

# (typed, normalised); None: unchanged
NORMALISED = [
    # Latin look-alikes in a Cyrillic word (as in the raw texts 000 and 002)
    ("тəуелсіздікке", "тәуелсіздікке"),  # Latin schwa U+0259
    ("Əкімшілігіне", "Әкімшілігіне"),
    ("жəне", "және"),
    ("Қазipгi", "Қазіргі"),  # Latin i, p
    ("кейiнгi", "кейінгі"),
    ("бiрлiк", "бірлік"),  # no other Kazakh letter: a Latin i can only be the Kazakh і
    ("Cыртқы саясат", "Сыртқы саясат"),  # Latin C
    ("Pеспубликасы", "Республикасы"),
    ("Xалық", "Халық"),
    ("КСCС", "КССС"),  # an acronym
    ("жолындa", "жолында"),  # a Latin letter last
    ("Kазақ ШЫҰ-ның Oсыған", "Казақ ШЫҰ-ның Осыған"),
    ("«Cыртқы»", "«Сыртқы»"),  # quotation marks end the word
    ("АҚШ—пен Cаясат", "АҚШ—пен Саясат"),
    ("Caspian Cаспий", "Caspian Саспий"),  # each word decides for itself
    # a letter and its combining mark (as in the raw text 002)
    ("сәи\u0306кес", "сәйкес"),
    ("баи\u0306ланысты", "байланысты"),
    ("е\u0308л", "ёл"),
    # invisible characters
    ("Қазақ\u00adстан", "Қазақстан"),  # soft hyphen
    ("сырт\u200bқы саясат\ufeff", "сыртқы саясат"),
    ("\u2060ШЫ\u200cҰ\u200d", "ШЫҰ"),
    # unchanged: Latin words stay Latin
    ("SCO", None),
    ("Astana", None),
    ("Kazakhstan's multi-vector policy", None),
    ("iPhone", None),
    ("CSTO ОДКБ", None),
    ("ə", None),  # no Cyrillic letter in the word
    ("Ə-ның", None),  # the hyphen ends the word: "Ə" has no Cyrillic letter
    ("SCOның", None),  # S has no Cyrillic twin: the cleaner leaves such a word to the editors
    ("Қазақstan", None),
    ("XXIғ", None),  # a Roman numeral with ғ (ғасыр)
    ("XXI ғасыр", None),
    # unchanged: quotation marks and dashes (the separator deals with them)
    ("«ШЫҰ»–ның „ШОС“ “ОДКБ” 'SCO' ЕАЭО‑ға БҰҰ−ның multi‐vector", None),
    ("Қазақстан", None),
]


def _normalised(cases):
    return run_search_js({"normalize": [typed for typed, _ in cases]})["normalize"]


def _cleaned(text: str, meta: TextMeta) -> str:
    switches = {r.name: r.name in QUERY_RULES for r in RULES}
    return clean_text(text, meta, switches).text


def test_queries_are_normalised():
    got = _normalised(NORMALISED)
    wrong = [
        f"{typed!r} → {out!r} (expected {want or typed!r})"
        for (typed, want), out in zip(NORMALISED, got)
        if out != (want or typed)
    ]
    assert not wrong, "\n".join(wrong)


def test_a_query_is_normalised_as_the_cleaner_cleans_a_kazakh_text():
    got = _normalised(NORMALISED)
    differ = [(typed, out, _cleaned(typed, KK)) for (typed, _), out in zip(NORMALISED, got) if out != _cleaned(typed, KK)]
    assert not differ, differ


def test_a_latin_i_is_the_kazakh_i_in_any_cyrillic_word():
    # The cleaner keeps the `kazakh` table (i → і) for Kazakh texts; a query has no language and
    # takes it in every Cyrillic word, as no Russian letter looks like a Latin i.  The only
    # difference from the cleaning of a Russian text: there such a word is left to the editors.
    got = _normalised(NORMALISED)
    kazakh = language().latin_lookalikes["kazakh"]
    cyrillic = re.compile(f"[{language().cyrillic_class}]")
    differ = []
    for (typed, _), out in zip(NORMALISED, got):
        russian = _cleaned(typed, RU)
        for word, ours, theirs in zip(typed.split(), out.split(), russian.split()):
            if ours != theirs:
                differ.append(word)
                assert theirs == word and cyrillic.search(word) and set(word) & set(kazakh), (typed, ours, theirs)
    assert differ  # бiрлiк, Қазipгi …


def _raw_words() -> list[tuple[str, TextMeta]]:
    """Every word of the raw texts that the four rules change, with its text's metadata."""
    words = {}
    for meta in load_texts(Paths(ROOT)):
        raw = (ROOT / "source_texts" / meta.file).read_text(encoding="utf-8")
        for word in set(raw.split()):
            if _cleaned(word, meta) != word:
                words[word] = meta
    return sorted(words.items())


def test_every_word_the_cleaner_changed_in_the_raw_texts_is_found_as_cleaned():
    words = _raw_words()
    assert len(words) >= 50  # text 002 alone has more than 50 (жəне, Қазipгi, Cыртқы, сәйкес …)
    got = run_search_js({"normalize": [w for w, _ in words]})["normalize"]
    differ = [(w, out, _cleaned(w, meta)) for (w, meta), out in zip(words, got) if out != _cleaned(w, meta)]
    assert not differ, differ


# What a reader typed → what it must find as: the same search keys.
SAME_KEYS = [
    ("тəуелсіздікке", "тәуелсіздікке"),
    ("Қазipгi", "Қазіргі"),
    ("Cыртқы саясат", "Сыртқы саясат"),
    ("сәи\u0306кес", "сәйкес"),
    ("Қазақ\u00adстанның", "Қазақстанның"),
    ("ынтымақ\u200bтастығы", "ынтымақтастығы"),
    # quotation marks of every kind
    ("«ШЫҰға»", "ШЫҰ"),
    ('"ШЫҰ-ның"', "ШЫҰ"),
    ("“ОДКБ”", "ОДКБ"),
    ("„ШОС“", "ШОС"),
    ("'SCO'", "SCO"),
    ("’SCO’", "SCO"),
    ("Kazakhstan’s", "Kazakhstan"),
    ("Kazakhstan‘s", "Kazakhstan"),
    # hyphens and dashes of every kind
    ("ШЫҰ‐ның", "ШЫҰ"),  # U+2010
    ("ШЫҰ‑ның", "ШЫҰ"),  # U+2011 no-break hyphen
    ("ЕАЭО–ға", "ЕАЭО"),
    ("АҚШ—пен", "АҚШ"),
    ("БҰҰ−ның", "БҰҰ"),  # U+2212 minus sign
    ("multi‐vector", "multi-vector"),
    ("multi—vector", "multi vector"),
]


def test_raw_queries_are_searched_as_their_clean_twins():
    typed = [a for a, _ in SAME_KEYS]
    clean = [b for _, b in SAME_KEYS]
    out = run_search_js({"rewrite": typed + clean})["rewrite"]
    differ = [(a, b, x, y) for (a, b), x, y in zip(SAME_KEYS, out, out[len(typed) :]) if x != y]
    assert not differ, differ


@pytest.mark.parametrize("query, key", [("SCO", "sco"), ("Astana", "astana"), ("Cыртқы", "сыртқ"), ("SCOның", "sco")])
def test_the_search_key_of_a_latin_or_mixed_word(query, key):
    assert run_search_js({"rewrite": [query]})["rewrite"] == [key]
