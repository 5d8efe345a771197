"""The Kazakh stemmer and query rewriting of the search, run in node.

The same file the browser loads (docs/assets/search/kazakh-stem.js) is tested
against the table of Kazakh word forms in source_texts/search/.
"""

from __future__ import annotations

import json
import re

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


def test_the_query_separator_agrees_with_the_index_separator(root):
    class Loader(yaml.SafeLoader):  # mkdocs.yml has !ENV and !!python tags: not needed here
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    separator = next(p["search"] for p in config["plugins"] if isinstance(p, dict) and "search" in p)["separator"]
    # the Kazakh interface's default (overrides/partials/languages/kk.html) is the same
    kk = (root / "overrides" / "partials" / "languages" / "kk.html").read_text(encoding="utf-8")
    default = re.search(r'"search.config.separator": ("(?:[^"\\]|\\.)*")', kk).group(1)
    assert json.loads(default) == separator
    chars = "".join(chr(c) for c in range(0x20, 0x3000))
    out = run_search_js({"separators": {"config": separator, "chars": chars}})["separators"]
    differ = [c for c, a, b in out if a != b]
    assert not differ, differ
    splits = {c for c, a, _ in out if a}
    for c in " \u00a0-–—«»“”„\"()[]/.,;:!?…":
        assert c in splits, repr(c)
    for c in "әғқңөұүһіӘҒҚҢӨҰҮҺІaz09":
        assert c not in splits, c
