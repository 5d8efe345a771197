"""texts.yaml: the metadata schema, with clear errors for bad entries."""

import shutil

import pytest
import yaml

from build_tools.core.errors import EditionError, EditionErrors
from build_tools.read.texts import Paths, load_texts

GOOD = """texts:
  - id: "005"
    file: a.txt
    language: kk
    kind: article
    title: Атау
    title_en: Title
    short_title: Атау
    siglum: F
"""


def make_project(tmp_path, yaml_text, files=("a.txt",)):
    src = tmp_path / "source_texts"
    src.mkdir()
    (src / "texts.yaml").write_text(yaml_text, encoding="utf-8")
    for name in files:
        (src / name).write_text("Мәтін.\n", encoding="utf-8")
    return Paths(tmp_path)


def test_a_good_entry_loads(tmp_path):
    (meta,) = load_texts(make_project(tmp_path, GOOD))
    assert meta.id == "005" and meta.language == "kk" and meta.source_line == 2


@pytest.mark.parametrize(
    "change, message, line",
    [
        (("language: kk", "language: en"), "`language` must be one of", 4),
        (("kind: article", "kind: novel"), "`kind` must be one of", 5),
        (("    title_en: Title\n", ""), "missing required field `title_en`", 2),
        (("    title_en: Title\n", "    title_en: Title\n    colour: red\n"), "unknown field `colour`", 8),
        (("    siglum: F\n", ""), "missing required field `siglum`", 2),
        (("    short_title: Атау\n", ""), "missing required field `short_title`", 2),
        (("siglum: F", "siglum: ф"), "`siglum` must be one Latin capital letter", 9),
        (("siglum: F", "siglum: ABC"), "`siglum` must be one Latin capital letter", 9),
        (("short_title: Атау", "short_title: " + "Өте ұзын атау " * 4), "at most 40 fit the navigation", 8),
        (("short_title: Атау", 'short_title: ""'), "`short_title` must be a non-empty string", 8),
        (('id: "005"', "id: Bad Id"), "`id` must be a short lower-case name", 2),
        (("    title: Атау\n", "    title: Атау\n    title: Басқа\n"), "duplicate key 'title'", 7),
    ],
)
def test_bad_entries_name_file_line_and_field(tmp_path, change, message, line):
    paths = make_project(tmp_path, GOOD.replace(*change))
    with pytest.raises(EditionError) as info:
        load_texts(paths)
    text = str(info.value)
    assert message in text
    assert f"texts.yaml:{line}" in text


def test_duplicate_ids_are_refused(tmp_path):
    paths = make_project(tmp_path, GOOD + GOOD.split("\n", 1)[1])
    with pytest.raises(EditionErrors, match="duplicate text id '005'"):
        load_texts(paths)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    paths = make_project(tmp_path, GOOD.replace("kind: article", "kind: [article"))
    with pytest.raises(EditionError) as info:
        load_texts(paths)
    assert "YAML error" in str(info.value)
    assert info.value.line >= 5 and info.value.column > 0


def test_the_real_texts_yaml_is_valid(root, tmp_path):
    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    metas = load_texts(Paths(tmp_path))
    entries = yaml.safe_load((tmp_path / "source_texts" / "texts.yaml").read_text(encoding="utf-8"))["texts"]
    assert len(metas) == len(entries) > 0
    assert all(m.title and m.title_en and m.source_notes and m.source_notes_kk for m in metas)
