"""source_texts/edition.yaml: the edition's version and licence, checked with file and line
(its changelog: tests/read/test_changelog.py)."""

from __future__ import annotations

import pytest

from build_tools.core.errors import EditionError
from build_tools.read.edition import UNVERSIONED, load_edition_info

GOOD = """version: "1.2"
licence:
  name: CC BY 4.0
  url: https://creativecommons.org/licenses/by/4.0/
  kk: Еркін пайдалануға болады.
"""


def test_the_editions_own_file_loads(root):
    info = load_edition_info(root / "source_texts" / "edition.yaml")
    assert info.version and info.licence_name and info.licence_url.startswith("https://") and info.licence_kk


CHANGELOG = """versions:
  - version: "1.2"
    date: 2027-01-15
    changes:
      - {kk: Түзету., en: A correction.}
"""


def test_a_good_file(tmp_path):
    path = tmp_path / "edition.yaml"
    path.write_text(GOOD, encoding="utf-8")
    (tmp_path / "changelog.yaml").write_text(CHANGELOG, encoding="utf-8")  # its newest version is edition.yaml's
    info = load_edition_info(path)
    assert (info.version, info.licence_name, info.licence_kk) == ("1.2", "CC BY 4.0", "Еркін пайдалануға болады.")


def test_without_the_file_the_edition_is_unversioned_and_declares_no_licence(tmp_path):
    info = load_edition_info(tmp_path / "edition.yaml")
    assert info.version == UNVERSIONED and info.licence_name == ""


@pytest.mark.parametrize(
    "text, line, words",
    [
        (GOOD.replace('"1.2"', "1.2"), 1, "quoted number"),  # a YAML float, not a version
        (GOOD.replace('"1.2"', '"v1"'), 1, "quoted number"),
        (GOOD.replace("  name: CC BY 4.0\n", ""), 2, "licence.name"),
        (GOOD.replace("Еркін пайдалануға болады.", '""'), 5, "licence.kk"),
        (GOOD + "colour: red\n", 6, "unknown key `colour`"),
        ("- a list\n", 0, "expected a mapping"),
    ],
)
def test_bad_files_are_clear_errors(tmp_path, text, line, words):
    path = tmp_path / "edition.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as err:
        load_edition_info(path)
    assert words in err.value.message
    assert err.value.line == line and err.value.path == path
    assert err.value.hint or line == 0


def test_the_build_date_is_source_date_epochs(monkeypatch):
    """The date every page, PDF and citation names: SOURCE_DATE_EPOCH's (the Makefile sets the last commit's)."""
    from build_tools.read.edition import build_date

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02 00:00 UTC
    assert build_date() == "2025-12-02"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764719999")  # 23:59:59 the same day
    assert build_date() == "2025-12-02"
