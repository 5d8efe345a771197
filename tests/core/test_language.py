"""The language data: build_tools/data/language.yaml, loaded and checked by core.language."""

from __future__ import annotations

import re

import pytest

from build_tools.core.errors import EditionError
from build_tools.core.language import LANGUAGE_YAML, char_class, language, load_language

TEXT = LANGUAGE_YAML.read_text(encoding="utf-8")


def test_the_shipped_data_loads_once():
    lang = language()
    assert language() is lang
    assert len(lang.alphabet) == 42 and len(lang.russian_alphabet) == 33
    lower = "".join(lang.alphabet).lower()
    assert re.fullmatch(f"[{lang.cyrillic_lower_class}]+", lower)
    assert re.fullmatch(f"[{lang.cyrillic_upper_class}]+", lower.upper())
    assert not re.search(f"[{lang.cyrillic_lower_class}]", lower.upper())


def test_the_kazakh_lookalikes_stand_for_kazakh_letters_only():
    # So a Cyrillic word with one of them is a Kazakh word: the search applies the `kazakh`
    # table in every Cyrillic word of a query (whose language it does not know).
    lang = language()
    letters = lang.kazakh_letters + lang.kazakh_letters.lower()
    assert lang.latin_lookalikes["kazakh"] and all(v in letters for v in lang.latin_lookalikes["kazakh"].values())
    assert not set(lang.latin_lookalikes["kazakh"]) & set(lang.latin_lookalikes["cyrillic"])


def test_invisible_characters_and_the_roman_numeral_with_century():
    lang = language()
    assert set(lang.invisible_characters) == set("\u200b\u200c\u200d\u2060\ufeff\u00ad")
    assert re.match(lang.roman_with_century, "XXI" + lang.century)
    assert not re.match(lang.roman_with_century, "XXI") and not re.match(lang.roman_with_century, "Х" + lang.century)


def test_char_class_writes_runs_of_letters_as_ranges():
    assert char_class("abcdxz") == "a-dxz"
    assert char_class("zyx") == "x-z"


def _error(tmp_path, old: str, new: str) -> tuple[EditionError, int]:
    """Load a copy of language.yaml with old replaced by new; the error and old's line."""
    assert old in TEXT
    path = tmp_path / "language.yaml"
    path.write_text(TEXT.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(EditionError) as info:
        load_language(path)
    assert info.value.path == path
    return info.value, TEXT[: TEXT.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    "old, new, words",
    [
        ("  voiceless: кқпстшфхцчщбвгдғ", "  voiceless: [к]", "`voiceless` must be a non-empty string"),
        ("    - [тағы, back, [voiceless]]", "    - [тағы, back, [voiceles]]", "'тағы'"),
        ("    - [тегі, front, [voiceless]]", "    - [тегі, front]", "items are [ending, harmony, after]"),
        ("possessive_n: н", "possessive_n: н: и", "YAML error"),
        ("century: ғ", "centuri: ғ", "`centuri` is not a top-level key"),
        ('  - "\\u00ad"   # soft hyphen', '  - "--"', "`invisible_characters` must be a non-empty list of single characters"),
    ],
)
def test_a_malformed_key_is_reported_at_its_line(tmp_path, old, new, words):
    error, line = _error(tmp_path, old, new)
    assert words in error.message
    assert error.line == line


def test_a_missing_key_is_named(tmp_path):
    error, _ = _error(tmp_path, "  nasal: мнң\n", "")
    assert "`stem_ends` has no key `nasal`" in error.message and error.line
    assert str(error).startswith(f"{tmp_path / 'language.yaml'}:")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(EditionError, match="cannot read the language data"):
        load_language(tmp_path / "language.yaml")
