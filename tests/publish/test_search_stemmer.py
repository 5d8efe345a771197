"""The Kazakh stemmer and query rewriting of the search, run in node.

The same file the browser loads (docs/assets/search/kazakh-stem.js) is tested
against the table of Kazakh word forms in source_texts/search/.
"""

from __future__ import annotations


import pytest
import yaml
from search_support import ROOT, run_search_js

TABLE = yaml.safe_load((ROOT / "source_texts" / "search" / "kazakh_word_forms.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def answers():
    forms = [f for g in TABLE["groups"] for f in g["forms"]]
    request = {
        "stem": forms + TABLE["unchanged"] + TABLE["too_short"],
        "key": list(TABLE["keys"]),
        "rewrite": [f"ШЫҰ-{e}" for e in TABLE["endings"]] + [f"іс-{w}" for w in TABLE["not_endings"]],
    }
    out = run_search_js(request)
    return {
        "stem": dict(zip(request["stem"], out["stem"])),
        "key": dict(zip(request["key"], out["key"])),
        "rewrite": dict(zip(request["rewrite"], out["rewrite"])),
    }


def test_every_form_of_a_group_reduces_to_its_stem(answers):
    wrong = [
        f"{form} → {answers['stem'][form]} (expected {group['stem']})"
        for group in TABLE["groups"]
        for form in group["forms"]
        if answers["stem"][form] != group["stem"]
    ]
    assert not wrong, "\n".join(wrong)


def test_words_that_only_look_inflected_are_left_whole(answers):
    wrong = [f"{w} → {answers['stem'][w]}" for w in TABLE["unchanged"] if answers["stem"][w] != w.lower()]
    assert not wrong, wrong


def test_stems_are_never_shorter_than_three_letters(answers):
    wrong = [f"{w} → {answers['stem'][w]}" for w in TABLE["too_short"] if answers["stem"][w] != w.lower()]
    assert not wrong, wrong


def test_search_keys_cover_consonant_alternation(answers):
    wrong = [f"{w} → {answers['key'][w]} (expected {k})" for w, k in TABLE["keys"].items() if answers["key"][w] != k]
    assert not wrong, wrong


def test_every_stem_is_a_prefix_of_its_forms(answers):
    # The worker matches keys as prefixes: a stem that is not a prefix finds nothing.
    for group in TABLE["groups"]:
        for form in group["forms"]:
            assert form.lower().startswith(answers["stem"][form]), form


def test_endings_after_an_acronym_are_dropped(answers):
    wrong = {q: r for q, r in answers["rewrite"].items() if q.startswith("ШЫҰ-") and r != "шыұ"}
    assert not wrong, wrong


def test_words_after_a_hyphen_are_kept(answers):
    for word in TABLE["not_endings"]:
        rewritten = answers["rewrite"][f"іс-{word}"].split()
        assert len(rewritten) == 2 and word.startswith(rewritten[1][:3]), (word, rewritten)


QUERIES = {
    "саясаттың": "саясат",
    "Қазақстанның": "қазақстан",
    "ШЫҰ-ның": "шыұ",
    "ЕАЭО-ға": "еаэо",
    "ШЫҰға": "шыұ",  # the hyphen forgotten
    "ОДКБ-ның": "одкб",
    "Алматы": "алмат",  # a capitalised word is not an acronym
    "«ОДКБ»": "одкб",
    "(ШОС)": "шос",
    "Шанхай ынтымақтастық ұйымы": "шанха ынтымақтасты ұйым",
    "политики России": "политик росс",
    "безопасности": "безопасн",
    "Kazakhstan's": "kazakhstan",
    "organisations": "organisation",
    "SCO": "sco",
    "1992": "1992",
    "Қазақстан және Ресей": "қазақстан ресей",
    "и": "и",
}


def test_queries_are_rewritten_to_keys():
    out = run_search_js({"rewrite": list(QUERIES)})["rewrite"]
    assert dict(zip(QUERIES, out)) == QUERIES


# Whether the search waits the longer pause for a query (edition-search.js): its last word gives
# a key of one or two letters, most often a word still being typed.
STILL_TYPED = {
    "қа": True,  # the start of a word
    "Қазақстан ұй": True,  # the last word only
    "ЕО": True,  # an acronym of two letters waits, then is searched
    "Н": True,
    "ЕО саясаты": False,  # a short word not last: no longer being typed
    "ЕАЭО-ға": False,  # an ending after an acronym gives no key
    "ЕАЭО–ға": False,
    "АӨСШК-ны": False,
    "ШЫҰға": False,
    "Kazakhstan's": False,  # an English 's gives none either
    "Kazakhstan‘s": False,
    "саясат": False,
    "ШЫҰ-": False,
    "": False,
}


def test_a_query_whose_last_word_is_still_being_typed_waits_longer():
    out = run_search_js({"short": list(STILL_TYPED)})["short"]
    assert dict(zip(STILL_TYPED, out)) == STILL_TYPED


def test_a_query_is_split_wherever_the_index_splits_a_word():
    """Pagefind indexes a word with ASCII punctuation in it whole and in its parts (ШЫҰ-ның:
    шыұның, шыұ, ның), so a query split at that punctuation finds it: every ASCII punctuation
    character separates query words (except "_", which Pagefind keeps in words); so do
    quotation marks and dashes of every kind, spaces; no letter or digit does. The symbols
    $ * + @ ^ ` ~ & stay in a query word: Pagefind's own query normalisation and its index
    treat them alike (AT&T is found as att)."""
    chars = "".join(chr(c) for c in range(0x20, 0x3000))
    splits = set(run_search_js({"separators": {"chars": chars}})["separators"])
    ascii_punctuation = {c for c in map(chr, range(0x21, 0x7F)) if not c.isalnum()} - {"_"}
    assert ascii_punctuation - splits <= {"$", "*", "+", "@", "^", "`", "~", "&"}, ascii_punctuation - splits
    for c in " \u00a0-–—‐‑−«»“”„\"'‘’()[]/.,;:!?…":
        assert c in splits, repr(c)
    for c in "әғқңөұүһіӘҒҚҢӨҰҮҺІaz09":
        assert c not in splits, c
