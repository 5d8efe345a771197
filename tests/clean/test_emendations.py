"""Manual emendations: loading, validation with file and line, application as changes."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys

import pytest

from build_tools.clean.emendations import (
    Emendation,
    attach,
    load_emendations,
    parse_emendations,
    word_edits,
)
from build_tools.clean.engine import apply_changes, clean_text
from build_tools.core.errors import EditionError, EditionErrors
from build_tools.core.model import TextMeta
from build_tools.core.yamlio import parse_yaml
from build_tools.publish.pipeline import build_edition
from build_tools.read.texts import Paths

META = TextMeta(id="001", file="001.txt", language="kk", kind="article", title="t", title_en="t")


def parse(text: str, path="emendations.yaml", known=("000", "001")):
    return parse_emendations(parse_yaml(text, path), path, known)


def test_the_real_file_is_valid_and_every_entry_is_used(edition, root):
    entries = load_emendations(root / "source_texts", [t.id for t in edition.texts])
    assert len(entries) >= 20
    applied = [c for d in edition.documents for c in d.clean.changes if "emendation" in c.rule.split("+")]
    texts_with_entries = {e.text for e in entries}
    for doc in edition.documents:
        if doc.meta.id in texts_with_entries:
            assert any(c in doc.clean.changes for c in applied)
    corrected = {d.meta.id: d.text for d in edition.documents}
    for e in entries:
        assert e.original not in corrected[e.text] or e.original in e.corrected


@pytest.mark.parametrize(
    "yaml_text, message, line",
    [
        ('emendations:\n  - text: "001"\n    original: а\n', "missing required field `corrected`", 2),
        ('emendations:\n  - text: "001"\n    original: а\n    corrected: ә\n    why: x\n', "unknown field `why`", 5),
        ('emendations:\n  - text: "009"\n    original: а\n    corrected: ә\n', "unknown text id '009'", 2),
        ('emendations:\n  - text: "001"\n    original: а\n    corrected: а\n', "same as `original`", 4),
        (
            'emendations:\n  - text: "001"\n    original: а\n    corrected: ә\n  - text: "001"\n    original: а\n    corrected: б\n',
            "emended twice (first on line 2)",
            5,
        ),
        ("items: []\n", "top-level `emendations:` list", 1),
        ('emendations:\n  - text: "001"\n    original: а\n    original: б\n    corrected: ә\n', "duplicate key", 4),
    ],
)
def test_invalid_entries_name_file_and_line(yaml_text, message, line):
    with pytest.raises(EditionError) as info:
        parse(yaml_text)
    errors = info.value.errors if isinstance(info.value, EditionErrors) else [info.value]
    assert any(message in e.message and e.line == line and str(e.path) == "emendations.yaml" for e in errors), [
        e.format() for e in errors
    ]


def _meta_with(original: str, corrected: str, note: str = "") -> TextMeta:
    entry = Emendation("001", original, corrected, note, path=None, line=7)
    return attach(META, [entry])


def test_an_entry_that_matches_nothing_fails_with_its_line():
    with pytest.raises(EditionError) as info:
        clean_text("Сыртқы істер министрлігі", _meta_with("министлігі", "министрлігі"))
    assert info.value.line == 7 and "does not occur" in info.value.message and info.value.hint


def test_an_entry_that_matches_twice_fails_with_its_line():
    with pytest.raises(EditionError) as info:
        clean_text("министлігі және министлігі", _meta_with("министлігі", "министрлігі"))
    assert info.value.line == 7 and "occurs 2 times" in info.value.message


def test_an_entry_becomes_a_change_with_its_note():
    raw = "Қазақстанның Сыртқы істер министлігі негізінен"
    result = clean_text(raw, _meta_with("Сыртқы істер министлігі", "Сыртқы істер министрлігі", "Әріп түсіп қалған."))
    assert result.text == "Қазақстанның Сыртқы істер министрлігі негізінен"
    (change,) = result.changes
    assert (change.rule, change.before, change.after, change.note) == (
        "emendation",
        "министлігі",
        "министрлігі",
        "Әріп түсіп қалған.",
    )
    assert apply_changes(raw, result.changes) == result.text


def test_emendations_can_be_switched_off():
    raw = "Сыртқы істер министлігі"
    meta = _meta_with("министлігі", "министрлігі")
    assert clean_text(raw, meta, {"emendation": False}).text == raw
    assert clean_text(raw, dataclasses.replace(meta, rules=(("emendation", False),))).text == raw


def test_word_edits_mark_only_the_changed_words():
    assert word_edits("Қазақсатан мен Ресей Перзиденттері", "Қазақстан мен Ресей Президенттері") == [
        (0, 10, "Қазақстан"),
        (21, 34, "Президенттері"),
    ]


def _copy_sources(root, tmp_path):
    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    return tmp_path / "source_texts" / "emendations.yaml"


def _check(root, tmp_path):
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(tmp_path), "check"],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_check_fails_on_an_entry_that_matches_nothing(root, tmp_path):
    path = _copy_sources(root, tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("original: Сыртқы істер министлігі", "original: Сыртқы істер министлiгi"), encoding="utf-8")
    line = next(n for n, l in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "министлiгi" in l) - 1
    result = _check(root, tmp_path)
    assert result.returncode == 1
    assert f"emendations.yaml:{line}:" in result.stderr and "does not occur" in result.stderr
    with pytest.raises(EditionError):
        build_edition(Paths(tmp_path))


def test_check_lists_doubts_as_warnings_with_file_and_line(root, tmp_path):
    path = _copy_sources(root, tmp_path)
    text = path.read_text(encoding="utf-8")
    start = text.index('  - text: "001"\n    original: Оның айғағы- ұлы Абайдың')
    end = text.index("  - text:", start + 5)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    result = _check(root, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "001_15a2df381758be77.txt:3:" in result.stderr and "to-do: word_break_hyphen" in result.stderr
    assert "emendation" in result.stderr and "editorial to-do(s)" in result.stdout
