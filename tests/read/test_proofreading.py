"""source_texts/accepted_forms.yaml, the record of the proofreading pass (read/proofreading.py)."""

from __future__ import annotations

import pytest

from build_tools.core.errors import EditionError
from build_tools.read.proofreading import load_proofreading
from build_tools.read.texts import default_paths, load_texts


def test_the_edition_s_record_reads_and_names_real_texts():
    paths = default_paths()
    ids = [t.id for t in load_texts(paths)]
    record = load_proofreading(paths.accepted_yaml, ids)
    assert set(record.proofread) <= set(ids)
    assert all(a.note and a.form and (a.text == "*" or a.text in ids) and a.line > 0 for a in record.accepted)
    by_text = record.accepted_by_text()
    assert sum(len(v) for v in by_text.values()) == len({(a.text, a.form.lower()) for a in record.accepted})


def test_no_file_means_nothing_accepted_and_nothing_proofread(tmp_path):
    record = load_proofreading(tmp_path / "accepted_forms.yaml", ["001"])
    assert record.accepted == () and record.proofread == ()


@pytest.mark.parametrize(
    "text, words, line",
    [
        ("accepted:\n  - {form: x}\n", "note", 2),
        ("accepted: {form: x}\n", "a list", 1),
        ("accepted:\n  - {note: why}\n", "form", 2),
        ("accepted:\n  - {form: x, note: y}\n  - {form: z, text: '999', note: w}\n", "no text with id '999'", 3),
        ("proofread: ['001', '998']\naccepted: []\n", "no text with id '998'", 1),
        ("proofread: '001'\n", "must be a list", 1),
        ("accepted: []\nchecked: ['001']\n", "unknown key `checked`", 2),
    ],
)
def test_a_bad_record_is_a_clear_error_with_its_line(tmp_path, text, words, line):
    path = tmp_path / "accepted_forms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as err:
        load_proofreading(path, ["001", "002"])
    message = err.value.format()
    assert words in message and str(path) in message and f":{line}" in message, message
