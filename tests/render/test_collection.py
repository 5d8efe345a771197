"""What the site says about its collection is counted from texts.yaml (render/collection.py)."""

from __future__ import annotations

import dataclasses

import pytest

from build_tools.render import collection as C
from build_tools.read.texts import default_paths, load_texts


@pytest.fixture(scope="module")
def texts():
    return load_texts(default_paths())


def test_the_summary_counts_the_texts_by_kind_and_language(texts):
    kk, en = C.summary(texts, "kk"), C.summary(texts, "en")
    assert kk.startswith(C.number_words(len(texts)) + " мәтін") and en.startswith(C.number_words(len(texts), "en") + " texts")
    for language in {m.language for m in texts}:
        n = sum(m.language == language for m in texts)
        assert f"{C.number_words(n)} мәтін {C.t_map('collection.languages.kk')[language]}" in kk


def test_more_texts_change_every_count():
    base = load_texts(default_paths())
    extra = [dataclasses.replace(base[0], id=f"x{i}", kind="essay", language="ru") for i in range(3)]
    grown = base + extra
    kk = C.summary(grown, "kk")
    assert kk.startswith(C.number_words(len(grown)))
    essays = sum(m.kind == "essay" for m in grown)
    assert f"{C.number_words(essays)} эссе" in kk
    assert C.number_words(len(grown)) in C.site_description(grown)
    assert C.number_words(42) == "42" and C.number_words(1, "en") == "one"
    assert C.summary([base[0]], "en").startswith("one text (one ")  # singular for one


def test_the_home_page_has_no_count_written_by_hand(root, texts):
    page = (root / "docs" / "index.md").read_text(encoding="utf-8")
    for marker in C.MARKERS:
        assert marker in page
    filled = C.fill_home_page(page, texts)
    assert "<!-- edition:" not in filled and C.summary(texts, "kk") in filled and C.summary(texts, "en") in filled
    mkdocs = (root / "mkdocs.yml").read_text(encoding="utf-8")
    for word in ("бес мәтін", "five texts"):
        assert word not in page and word not in mkdocs


@pytest.mark.site
def test_the_built_home_page_and_description_count_the_texts(built_site, texts):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert C.summary(texts, "kk") in html and "<!-- edition:" not in html
    assert f'name="description" content="{C.site_description(texts)}"' in html
