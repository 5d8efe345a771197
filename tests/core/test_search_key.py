"""The search key in Python (core/search_key.py) is the search script's, word for word.

The index files every word form under the key Python makes of it at build time; the browser
makes a query's keys with docs/assets/search/kazakh-stem.js. The two are run (the script in
node) over every word of the edition's generated pages and of the stemmer's table of forms,
and must agree; and every word typed alone as a query must give keys that begin its index key, so
that a word is always found as it is written.
"""

from __future__ import annotations

import re

import pytest
import yaml
from search_support import ROOT, run_search_js

from build_tools.core.search_key import index_key, search_key, stem

TABLE = yaml.safe_load((ROOT / "source_texts" / "search" / "kazakh_word_forms.yaml").read_text(encoding="utf-8"))
# What the texts and the table may not hold: the letters Pagefind writes without their marks
# (й, ё), Latin words and numbers, a Russian surname with a Kazakh ending, words of two letters.
EDGES = ["ресейге", "ёлка", "жылғы", "1991", "sco", "astana", "eurasian", "назарбаевқа", "ел", "ас", "ққ", "ә"]


@pytest.fixture(scope="module")
def words(edition) -> list[str]:
    """Every word of the edition's generated pages (its texts as cleaned, the glossary, the
    commentary; markup left out), of the stemmer's table of forms, and a few edges."""
    found = set(EDGES)
    for page in edition.pages:
        text = re.sub(r"<[^>]*>|\{[^}]*\}|\]\([^)]*\)", " ", page.content)
        found.update(w.lower() for w in re.findall(r"[^\W_]+", text))
    for group in TABLE["groups"]:
        found.update(f.lower() for f in group["forms"])
    for name in ("unchanged", "too_short", "keys"):
        found.update(w.lower() for w in TABLE[name])
    return sorted(found)


@pytest.fixture(scope="module")
def script(words):
    out = run_search_js({"stem": words, "key": words, "rewrite": words})
    return {name: dict(zip(words, out[name])) for name in ("stem", "key", "rewrite")}


def test_the_stem_and_key_are_the_scripts(words, script):
    assert len(words) > 5_000  # the texts' words, not a sample
    wrong = [f"{w}: stem {stem(w)!r} / {script['stem'][w]!r}, key {search_key(w)!r} / {script['key'][w]!r}"
             for w in words if stem(w) != script["stem"][w] or search_key(w) != script["key"][w]]
    assert not wrong, "\n".join(wrong[:40])


def test_a_word_typed_as_written_begins_its_index_key(words, script):
    wrong = [f"{w}: the query's keys {script['rewrite'][w]!r}, filed under {index_key(w)!r}"
             for w in words if not all(index_key(w).startswith(k) for k in script["rewrite"][w].split())]
    assert not wrong, "\n".join(wrong[:40])


@pytest.mark.parametrize("word, key", [("sco", "sco"), ("1991", "1991"), ("саясаттың", "саясат"), ("ынтымақтастығы", "ынтымақтасты"), ("ресейге", "ресей")])
def test_latin_words_and_numbers_are_filed_as_written(word, key):
    assert index_key(word) == key
