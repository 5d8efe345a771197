"""Kazakh and Russian language knowledge, loaded once from ``build_tools/data/language.yaml``.

Every stage takes its letters, letter classes, ending tables and word lists
from :func:`language` (a frozen :class:`Language`), and the search script
takes the same tables through :meth:`Language.for_javascript`, so Python and
JavaScript never disagree.  A missing or malformed key is an
:class:`EditionError` naming the file and the line.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping as MappingType

from .errors import EditionError
from .yamlio import Mapping, Sequence, parse_yaml

LANGUAGE_YAML = Path(__file__).resolve().parent.parent / "data" / "language.yaml"

HARMONIES = ("back", "front", "any")
# `after:` of an ending that follows any consonant (any letter that is not a vowel).
CONSONANT = "consonant"
VOWEL_SERIES = ("back", "front", "neutral", "loanword_only")
STEM_ENDS = ("vowel", "r", "semivowel", "l", "nasal", "voiced_fricative", "voiceless", "possessive")
ENDING_TABLES = ("cases", "possessives", "plurals")
LOOKALIKE_TABLES = ("cyrillic", "kazakh", "schwa")
DIVISIONS = ("introduction", "conclusion")
FURNITURE = ("counter_words", "page_words", "out_of_words")


@dataclass(frozen=True)
class Ending:
    """A Kazakh ending: its vowel harmony and the letters the stem before it must end with."""

    text: str
    harmony: str  # back, front or any
    after: str  # the letters, or CONSONANT

    def for_javascript(self) -> list[str]:
        return [self.text, self.harmony, self.after]


@dataclass(frozen=True)
class Language:
    """The contents of language.yaml (see its comments), with the classes derived from it."""

    alphabet: tuple[str, ...]  # upper case, in Kazakh alphabetical order
    kazakh_letters: str  # upper case, in alphabetical order
    vowels: MappingType[str, str]  # back, front, neutral, loanword_only
    stem_ends: MappingType[str, str]
    possessive_n: str
    voicing: MappingType[str, str]
    russian_surname_endings: tuple[str, ...]
    endings: MappingType[str, tuple[Ending, ...]]  # cases, possessives, plurals
    acronym_endings: tuple[str, ...]
    suffix_starts: tuple[str, ...]
    genitive_endings: tuple[str, ...]
    run_in_endings: MappingType[str, tuple[tuple[str, ...], tuple[str, ...]]]  # language -> (noun, verb)
    stop_words: tuple[str, ...]
    russian_ending_letters: str
    same_letters: tuple[str, ...]
    latin_lookalikes: MappingType[str, MappingType[str, str]]  # cyrillic, kazakh, schwa
    invisible_characters: str  # removed from texts and queries
    roman_lookalikes: MappingType[str, str]
    ocr_semicolon: MappingType[str, MappingType[str, str]]  # qa, nga: read, letter (, after)
    abbreviations: frozenset[str]
    line_broken_abbreviations: tuple[str, ...]
    units: tuple[str, ...]
    page_furniture: MappingType[str, tuple[str, ...]]  # counter_words, page_words, out_of_words
    century: str
    divisions: MappingType[str, MappingType[str, str]]  # introduction, conclusion: word -> slug
    caption_words: MappingType[str, tuple[str, ...]]

    # ------------------------------------------------------------------ letters

    @property
    def russian_alphabet(self) -> tuple[str, ...]:
        return tuple(letter for letter in self.alphabet if letter not in self.kazakh_letters)

    @property
    def letters(self) -> frozenset[str]:
        """Every letter of the two alphabets, in both cases."""
        return frozenset("".join(self.alphabet) + "".join(self.alphabet).lower())

    @property
    def cyrillic_upper_class(self) -> str:
        """A regex class body of the upper-case letters: Russian ones, then Kazakh ones."""
        return char_class("".join(self.russian_alphabet)) + self.kazakh_letters

    @property
    def cyrillic_lower_class(self) -> str:
        return char_class("".join(self.russian_alphabet).lower()) + self.kazakh_letters.lower()

    @property
    def cyrillic_class(self) -> str:
        return self.cyrillic_upper_class + self.cyrillic_lower_class

    @property
    def upper_class(self) -> str:
        """Upper-case letters of a word of the texts: Latin and Cyrillic."""
        return "A-Z" + self.cyrillic_upper_class

    @property
    def lower_class(self) -> str:
        return "a-z" + self.cyrillic_lower_class

    @property
    def russian_lower_class(self) -> str:
        return char_class("".join(self.russian_alphabet).lower())

    @property
    def roman_with_century(self) -> str:
        """A regex of a Roman numeral with the abbreviation of ғасыр glued to it ("XXғ"):
        its Latin letters are not look-alikes of Cyrillic ones."""
        return rf"^[IVXLC]+{re.escape(self.century)}+$"

    @property
    def kazakh_vowels(self) -> frozenset[str]:
        """Vowel letters of Kazakh words (loanword-only letters left out)."""
        series = self.vowels["back"] + self.vowels["front"] + self.vowels["neutral"]
        return frozenset(series) - frozenset(self.vowels["loanword_only"])

    # ------------------------------------------------------------------ JavaScript

    def for_javascript(self) -> dict:
        """What docs/assets/search/kazakh-stem.js needs (JSON-ready): the stemmer's tables, and
        the look-alike and invisible characters its query normalisation shares with the cleaner."""
        return {
            "vowels": {k: self.vowels[k] for k in ("back", "front", "neutral")},
            "stem_ends": dict(self.stem_ends),
            "consonant": CONSONANT,
            "possessive_n": self.possessive_n,
            "voicing": dict(self.voicing),
            "russian_surname_endings": list(self.russian_surname_endings),
            "endings": {name: [e.for_javascript() for e in table] for name, table in self.endings.items()},
            "stop_words": list(self.stop_words),
            "kazakh_letters": self.kazakh_letters.lower(),
            "upper_class": self.upper_class,
            "lower_class": self.lower_class,
            "cyrillic_class": self.cyrillic_class,
            "latin_lookalikes": {name: dict(table) for name, table in self.latin_lookalikes.items()},
            "roman_with_century": self.roman_with_century,
            "invisible_characters": self.invisible_characters,
        }


def char_class(letters: str) -> str:
    """A regex class body: runs of three or more consecutive code points as ranges, then the rest in order."""
    codes = sorted(set(map(ord, letters)))
    ranges, ranged = [], set()
    start = 0
    for i in range(1, len(codes) + 1):
        if i == len(codes) or codes[i] != codes[i - 1] + 1:
            if i - start >= 3:
                ranges.append(f"{chr(codes[start])}-{chr(codes[i - 1])}")
                ranged.update(codes[start:i])
            start = i
    return "".join(ranges) + "".join(dict.fromkeys(ch for ch in letters if ord(ch) not in ranged))


# --------------------------------------------------------------------------- loading


class _Reader:
    """Reads typed values out of the parsed YAML, naming file and line on any problem."""

    def __init__(self, path: Path):
        self.path = path

    def error(self, node, key: str, message: str) -> EditionError:
        line = node.line_of(key) if isinstance(node, Mapping) else getattr(node, "line", 0)
        return EditionError(self.path, f"`{key}` {message}", line, hint="see the comments of build_tools/data/language.yaml")

    def mapping(self, node, key: str, keys=None) -> Mapping:
        """``node`` as a mapping (of exactly ``keys`` when given); ``key`` is "" at the top level."""
        if not isinstance(node, Mapping):
            raise self.error(node, key, "must be a mapping")
        where = f"a key of `{key}`" if key else "a top-level key"
        for extra in sorted(set(node) - set(keys), key=str) if keys is not None else ():
            raise self.error(node, extra, f"is not {where} (known: {', '.join(keys)})")
        for name in keys or ():
            if name not in node:
                owner = f"`{key}` has" if key else "the file has"
                raise EditionError(self.path, f"{owner} no key `{name}`", node.line, hint=f"add `{name}:`")
        return node

    def text(self, node: Mapping, key: str) -> str:
        value = node[key]
        if not isinstance(value, str) or not value.strip():
            raise self.error(node, key, "must be a non-empty string of letters")
        return value.strip()

    def words(self, node: Mapping, key: str) -> tuple[str, ...]:
        value = node[key]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            raise self.error(node, key, "must be a non-empty list of words")
        return tuple(value)

    def characters(self, node: Mapping, key: str) -> str:
        value = node[key]
        message = "must be a non-empty list of single characters"
        if not isinstance(value, list) or not value:
            raise self.error(node, key, message)
        for i, item in enumerate(value):
            if not isinstance(item, str) or len(item) != 1:
                line = value.item_lines[i] if isinstance(value, Sequence) else node.line_of(key)
                raise EditionError(self.path, f"`{key}` {message} ({item!r} is not one)", line, hint="see the comments of build_tools/data/language.yaml")
        return "".join(value)

    def table(self, node: Mapping, key: str) -> MappingType[str, str]:
        value = self.mapping(node[key], key)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise self.error(node, key, "must map letters (or words) to letters (or words)")
        return MappingProxyType(dict(value))


def _ending(reader: _Reader, item, stem_ends: MappingType[str, str], table: str) -> Ending:
    """One ending: ``[ending, harmony, after]`` or ``{ending:, harmony:, after:, except:}``."""
    where = f"endings.{table}"
    shape = "items are [ending, harmony, after] or {ending:, harmony:, after:, except:}"
    if isinstance(item, list) and len(item) != 3:
        raise reader.error(item, where, shape)
    if isinstance(item, list):
        item_map = Mapping(zip(("ending", "harmony", "after"), item))
        item_map.line, item_map.key_lines = item.line, {}
        item = item_map
    item = reader.mapping(item, where)
    fields = ("ending", "harmony", "after", "except")
    if not {"ending", "harmony", "after"} <= set(item) <= set(fields):
        raise reader.error(item, where, shape)
    text, harmony, after = item["ending"], item["harmony"], item["after"]
    if not isinstance(text, str) or harmony not in HARMONIES:
        raise reader.error(item, where, f"item {text!r}: the harmony must be one of {', '.join(HARMONIES)}")
    if after == CONSONANT:
        return Ending(text, harmony, CONSONANT)
    if not isinstance(after, list) or not after or any(name not in stem_ends for name in after):
        raise reader.error(item, where, f"item {text!r}: `after` must be `{CONSONANT}` or a list of stem_ends classes")
    letters = "".join(stem_ends[name] for name in after)
    dropped = item.get("except", "")
    if not isinstance(dropped, str):
        raise reader.error(item, where, f"item {text!r}: `except` must be a string of letters")
    return Ending(text, harmony, "".join(ch for ch in letters if ch not in dropped))


def _run_in_endings(reader: _Reader, data: Mapping):
    node = reader.mapping(data["run_in_endings"], "run_in_endings")
    result = {}
    for lang in node:
        kinds = reader.mapping(node[lang], f"run_in_endings.{lang}", ("noun", "verb"))
        result[lang] = (reader.words(kinds, "noun"), reader.words(kinds, "verb"))
    return MappingProxyType(result)


TOP_LEVEL = (
    "alphabet", "kazakh_letters", "vowels", "stem_ends", "possessive_n", "voicing",
    "russian_surname_endings", "endings", "acronym_endings", "suffix_starts", "genitive_endings",
    "run_in_endings", "stop_words", "russian_ending_letters", "same_letters", "latin_lookalikes",
    "invisible_characters", "roman_lookalikes", "ocr_semicolon", "abbreviations", "line_broken_abbreviations",
    "units", "page_furniture", "century", "divisions", "caption_words",
)  # fmt: skip


def parse_language(text: str, path: Path | str) -> Language:
    """Build a :class:`Language` from the text of a language.yaml (raises EditionError)."""
    reader = _Reader(Path(path))
    data = parse_yaml(text, path)
    if not isinstance(data, Mapping):
        raise EditionError(
            path, "expected a mapping of the language's tables", getattr(data, "line", 0), hint="restore build_tools/data/language.yaml"
        )
    reader.mapping(data, "", TOP_LEVEL)
    alphabet = tuple(reader.text(data, "alphabet").split())
    kazakh_letters = "".join(reader.text(data, "kazakh_letters").split())
    if any(letter not in alphabet for letter in kazakh_letters):
        raise reader.error(data, "kazakh_letters", "must be letters of `alphabet`")
    vowels = reader.mapping(data["vowels"], "vowels", VOWEL_SERIES)
    stem_node = reader.mapping(data["stem_ends"], "stem_ends", STEM_ENDS)
    stem_ends = MappingProxyType({k: reader.text(stem_node, k) for k in STEM_ENDS})
    endings_node = reader.mapping(data["endings"], "endings", ENDING_TABLES)
    endings = {}
    for name in ENDING_TABLES:
        if not isinstance(endings_node[name], list) or not endings_node[name]:
            raise reader.error(endings_node, name, "must be a non-empty list of endings")
        endings[name] = tuple(_ending(reader, item, stem_ends, name) for item in endings_node[name])
    lookalikes = reader.mapping(data["latin_lookalikes"], "latin_lookalikes", LOOKALIKE_TABLES)
    divisions = reader.mapping(data["divisions"], "divisions", DIVISIONS)
    captions = reader.mapping(data["caption_words"], "caption_words")
    same_letters = reader.words(data, "same_letters")
    ocr = reader.mapping(data["ocr_semicolon"], "ocr_semicolon", ("qa", "nga"))
    furniture = reader.mapping(data["page_furniture"], "page_furniture", FURNITURE)
    for key, fields in (("qa", ("read", "letter", "after")), ("nga", ("read", "letter"))):
        reader.mapping(ocr[key], f"ocr_semicolon.{key}", fields)
    return Language(
        alphabet=alphabet,
        kazakh_letters=kazakh_letters,
        vowels=MappingProxyType({k: reader.text(vowels, k) for k in VOWEL_SERIES}),
        stem_ends=stem_ends,
        possessive_n=reader.text(data, "possessive_n"),
        voicing=reader.table(data, "voicing"),
        russian_surname_endings=reader.words(data, "russian_surname_endings"),
        endings=MappingProxyType(endings),
        acronym_endings=reader.words(data, "acronym_endings"),
        suffix_starts=reader.words(data, "suffix_starts"),
        genitive_endings=reader.words(data, "genitive_endings"),
        run_in_endings=_run_in_endings(reader, data),
        stop_words=reader.words(data, "stop_words"),
        russian_ending_letters=reader.text(data, "russian_ending_letters"),
        same_letters=same_letters,
        latin_lookalikes=MappingProxyType({k: reader.table(lookalikes, k) for k in LOOKALIKE_TABLES}),
        invisible_characters=reader.characters(data, "invisible_characters"),
        roman_lookalikes=reader.table(data, "roman_lookalikes"),
        ocr_semicolon=MappingProxyType({k: reader.table(ocr, k) for k in ("qa", "nga")}),
        abbreviations=frozenset(reader.words(data, "abbreviations")),
        line_broken_abbreviations=reader.words(data, "line_broken_abbreviations"),
        units=reader.words(data, "units"),
        page_furniture=MappingProxyType({k: reader.words(furniture, k) for k in FURNITURE}),
        century=reader.text(data, "century"),
        divisions=MappingProxyType({k: reader.table(divisions, k) for k in DIVISIONS}),
        caption_words=MappingProxyType({lang: reader.words(captions, lang) for lang in captions}),
    )


def load_language(path: Path | str = LANGUAGE_YAML) -> Language:
    """Read and check a language.yaml."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EditionError(path, f"cannot read the language data: {exc.strerror}", hint="restore build_tools/data/language.yaml") from None
    return parse_language(text, path)


@functools.lru_cache(maxsize=1)
def language() -> Language:
    """The edition's language data (loaded once)."""
    return load_language(LANGUAGE_YAML)
