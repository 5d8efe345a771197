"""source_texts/changelog.yaml: numbered versions, newest first, checked with file and line."""

from __future__ import annotations

import re

import pytest
import yaml

from build_tools.core.errors import EditionError, EditionErrors
from build_tools.read.changelog import CHANGE_KINDS, load_changelog, version_key
from build_tools.read.edition import load_edition_info

EDITION = """version: "{version}"
licence:
  name: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
  kk: Еркін пайдалануға болады.
"""

GOOD = """versions:
  - version: "0.2.1"
    date: 2027-02-01
    changes:
      - kind: text
        kk: Бір түзету.
        en: One emendation.
  - version: "0.2"
    date: "2027-01-15"
    changes:
      - {kk: Глоссарийге екі жазба., en: Two glossary entries., kind: glossary}
      - {kk: Бағдарлама жаңартылды., en: The software updated.}
  - version: "0.1"
    date: 2027-01-15
    changes:
      - kind: software
        kk: Алғашқы нұсқа.
        en: The first version.
"""


def write(tmp_path, changelog: str, version: str = "0.2.1"):
    (tmp_path / "edition.yaml").write_text(EDITION.format(version=version), encoding="utf-8")
    path = tmp_path / "changelog.yaml"
    path.write_text(changelog, encoding="utf-8")
    return path


def test_the_editions_own_changelog_names_its_version(root):
    """edition.yaml's version is the changelog's newest; every entry is well-formed (counts from the files)."""
    data = yaml.safe_load((root / "source_texts" / "changelog.yaml").read_text(encoding="utf-8"))
    edition = yaml.safe_load((root / "source_texts" / "edition.yaml").read_text(encoding="utf-8"))
    info = load_edition_info(root / "source_texts" / "edition.yaml")
    assert len(info.changelog) == len(data["versions"])
    assert info.changelog[0].version == edition["version"] == info.version
    assert info.current is info.changelog[0]
    for entry, raw in zip(info.changelog, data["versions"]):
        assert len(entry.changes) == len(raw["changes"]) > 0
        assert all(c.kk and c.en and c.kind in ("", *CHANGE_KINDS) for c in entry.changes)


def test_a_good_changelog(tmp_path):
    path = write(tmp_path, GOOD)
    versions = load_changelog(path)
    assert [v.version for v in versions] == ["0.2.1", "0.2", "0.1"]
    assert [v.date for v in versions] == ["2027-02-01", "2027-01-15", "2027-01-15"]  # a YAML date or a string
    assert [v.line for v in versions] == [2, 8, 13]
    assert [c.kind for c in versions[1].changes] == ["glossary", ""]
    assert versions[0].changes[0].kk == "Бір түзету." and versions[0].changes[0].en == "One emendation."
    info = load_edition_info(tmp_path / "edition.yaml")
    assert info.changelog == versions and info.current.version == "0.2.1"


def test_versions_compare_as_numbers():
    assert version_key("0.10") > version_key("0.9") and version_key("1.0") == version_key("1.0.0")


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle`."""
    return next(n for n, ln in enumerate(text.splitlines(), 1) if needle in ln)


BAD = [
    # (what is wrong, the changelog, the line's text, words of the message)
    ("unquoted version", GOOD.replace('"0.2"', "0.2"), "- version: 0.2", "quoted number"),
    ("malformed version", GOOD.replace('"0.2"', '"v0.2"'), '"v0.2"', "quoted number"),
    ("four parts", GOOD.replace('"0.2.1"', '"0.2.1.4"'), '"0.2.1.4"', "quoted number"),
    ("repeated version", GOOD.replace('"0.1"', '"0.2"'), '- version: "0.2"\n    date: 2027-01-15\n', "listed twice"),
    ("same version written longer", GOOD.replace('"0.1"', '"0.2.0"'), '"0.2.0"', "listed twice"),
    ("out of order", GOOD.replace('"0.1"', '"0.3"'), '"0.3"', "newest first"),
    ("date not ISO", GOOD.replace('date: "2027-01-15"', "date: 15.01.2027"), "15.01.2027", "ISO date"),
    ("impossible date", GOOD.replace('date: "2027-01-15"', 'date: "2027-02-30"'), "2027-02-30", "ISO date"),
    ("date later than the newer version's", GOOD.replace("date: 2027-02-01", "date: 2027-01-01"), '"0.2"', "later than the newer"),
    ("no changes", GOOD.replace("    changes:\n      - kind: software\n        kk: Алғашқы нұсқа.\n        en: The first version.\n", "    changes: []\n"), "changes: []", "non-empty list"),
    ("change without English", GOOD.replace("        en: One emendation.\n", ""), "kind: text", "`en` is missing"),
    ("unknown kind", GOOD.replace("kind: text", "kind: typo"), "kind: typo", "`kind` must be one of"),
    ("unknown key", GOOD.replace("    date: 2027-02-01\n", "    date: 2027-02-01\n    author: X\n"), "author: X", "unknown key `author`"),
    ("not a list", "versions: 0.1\n", "versions:", "non-empty list"),
    ("no versions key", "- version: 0.1\n", "- version", "`versions:`"),
]


@pytest.mark.parametrize("what, text, where, words", BAD, ids=[b[0] for b in BAD])
def test_each_problem_is_an_error_naming_file_line_and_what_to_do(tmp_path, what, text, where, words):
    path = write(tmp_path, text)
    with pytest.raises(EditionError) as caught:
        load_changelog(path)
    error = caught.value
    assert not isinstance(error, EditionErrors), error.format()
    assert words in error.message, error.format()
    assert error.path == path and error.hint
    if "\n" in where:  # a line given by what follows it (the second of two equal lines)
        expected = text[: text.index(where)].count("\n") + 1
    else:
        expected = line_of(text, where)
    assert error.line == expected, error.format()
    assert f"{path}:{expected}" in error.format() and "what to do:" in error.format()


def test_several_problems_are_listed_together(tmp_path):
    text = GOOD.replace('"0.2"', '"x"').replace("kind: software", "kind: nothing")
    with pytest.raises(EditionErrors) as caught:
        load_changelog(write(tmp_path, text))
    lines = sorted(e.line for e in caught.value.errors)
    assert lines == sorted([line_of(text, '"x"'), line_of(text, "kind: nothing")])


def test_raising_the_version_forces_a_changelog_entry(tmp_path):
    write(tmp_path, GOOD, version="0.3")
    with pytest.raises(EditionError) as caught:
        load_edition_info(tmp_path / "edition.yaml")
    error = caught.value
    assert error.path == tmp_path / "changelog.yaml" and error.line == 2  # the newest entry
    assert "'0.2.1'" in error.message and "'0.3'" in error.message and "edition.yaml (line 1)" in error.message
    assert re.search(r'add an entry for version "0\.3" at the top of changelog\.yaml', error.hint)


def test_edition_yaml_without_a_changelog_is_an_error(tmp_path):
    (tmp_path / "edition.yaml").write_text(EDITION.format(version="0.1"), encoding="utf-8")
    with pytest.raises(EditionError, match="the changelog is missing") as caught:
        load_edition_info(tmp_path / "edition.yaml")
    assert caught.value.path == tmp_path / "changelog.yaml" and "versions:" in caught.value.hint


def test_an_edition_without_edition_yaml_has_no_changelog(tmp_path):
    info = load_edition_info(tmp_path / "edition.yaml")
    assert info.changelog == () and info.current is None
