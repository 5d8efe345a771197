"""The benchmark harness's pieces work (no timing is asserted here: see `make bench`)."""

import random

import yaml

from benchmarks.corpus import corpus_chars, make_corpus, vary_text
from benchmarks.run import synthetic_entries
from build_tools.annotate.glossary import Glossary
from build_tools.read.texts import Paths, load_texts


def test_varied_copies_differ_but_keep_structure_and_words():
    raw = "КІРІСПЕ\n" + "Бірінші сөйлем өте ұзын болып келеді және жалғасады. " * 3 + "Соңғы сөйлем осында тұр.\n\tұяшық\n"
    copy = vary_text(raw, random.Random(1))
    assert copy != raw
    assert copy.split("\n")[0] == "КІРІСПЕ" and "\tұяшық" in copy
    assert sorted(copy.split()) == sorted(raw.split())


def test_corpus_has_factor_times_the_texts_and_is_valid(root, tmp_path):
    project = make_corpus(root, tmp_path / "c", 3)
    metas = load_texts(Paths(project))
    texts = len(load_texts(Paths(root)))
    assert len(metas) == 3 * texts
    assert len({m.id for m in metas}) == 3 * texts
    base = corpus_chars(root)
    assert 2.9 * base < corpus_chars(project) < 3.1 * base
    data = yaml.safe_load((project / "source_texts" / "texts.yaml").read_text(encoding="utf-8"))
    files = [(project / "source_texts" / e["file"]).read_text(encoding="utf-8") for e in data["texts"]]
    assert len(set(files)) == 3 * texts, "copies must not be identical"


def test_synthetic_glossary_entries_match_nothing_in_the_texts(edition):
    glossary = Glossary(synthetic_entries(200))
    assert len(glossary) == 200
    for doc in edition.documents:
        assert list(glossary.find(doc.text, doc.meta.language)) == []


def test_the_100x_corpus_is_a_valid_edition(root, tmp_path):
    """`make bench` builds 100 copies of every text: each needs a siglum of its own (at most two characters)."""
    project = make_corpus(root, tmp_path / "c100", 100)
    metas = load_texts(Paths(project))
    originals = load_texts(Paths(root))
    assert len(metas) == 100 * len(originals)
    assert len({m.siglum for m in metas}) == len(metas) and all(len(m.siglum) <= 2 for m in metas)
