"""A word's search key: the stem the search script makes of a query word, for the index.

The search script (``docs/assets/search/kazakh-stem.js``, ``stem`` and ``searchKey``) reduces
each Kazakh or Cyrillic query word to its search key: its inflectional endings stripped
(plural, possessive, case, each checked against vowel harmony and the letter before it, never
below three letters), and a final к/қ/п (г/ғ/б) that alternates before vowel endings dropped.
The index holds every word form under the same key (publish/index_files.py), so this module
is that function in Python, on the same tables (``language.yaml``); a test runs both over
every word of the edition and compares them (tests/core/test_search_key.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .language import CONSONANT, Ending, language

MIN_STEM = 3
LATIN = re.compile(r"[a-z0-9]+")  # a word the script keys as English (or a number)


@dataclass(frozen=True)
class _Tables:
    back: str
    front: str
    neutral: str
    vowels: str
    vowel_ends: str  # stem_ends.vowel
    semivowels: str
    possessive: str  # stem_ends.possessive: the 3rd person possessive, before н-forms
    possessive_n: str
    surname: re.Pattern
    alternating: str  # final consonants that alternate before vowel endings
    cases: tuple[Ending, ...]
    possessives: tuple[Ending, ...]
    plurals: tuple[Ending, ...]


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    lang = language()
    vowels = lang.vowels
    return _Tables(
        back=vowels["back"],
        front=vowels["front"],
        neutral=vowels["neutral"],
        vowels=vowels["back"] + vowels["front"] + vowels["neutral"],
        vowel_ends=lang.stem_ends["vowel"],
        semivowels=lang.stem_ends["semivowel"],
        possessive=lang.stem_ends["possessive"],
        possessive_n=lang.possessive_n,
        surname=re.compile("(?:" + "|".join(lang.russian_surname_endings) + ")$"),
        alternating="".join(k + v for k, v in lang.voicing.items()),
        cases=lang.endings["cases"],
        possessives=lang.endings["possessives"],
        plurals=lang.endings["plurals"],
    )


def _harmony_ok(t: _Tables, stem: str, harmony: str) -> bool:
    if harmony == "any" or t.surname.search(stem):  # Russian surnames take back endings
        return True
    last = next((ch for ch in reversed(stem) if ch in t.vowels), "")
    if last == "" or last in t.neutral:
        return True
    return last in (t.back if harmony == "back" else t.front)


def _context_ok(t: _Tables, stem: str, after: str) -> bool:
    if not stem:
        return False
    if after == CONSONANT:
        return stem[-1] not in t.vowel_ends
    return stem[-1] in after


def _strip_one(t: _Tables, word: str, table: tuple[Ending, ...], min_stem: int) -> tuple[str, str, bool]:
    """At most one ending of ``table`` stripped: (stem, ending, whether an ending fitted but
    left too short a stem, which ends the search)."""
    for ending in table:
        text = ending.text
        if len(word) <= len(text) - (0 if min_stem > 0 else 1) or not word.endswith(text):
            continue
        stem = word[: -len(text)]
        if not _harmony_ok(t, stem or text, ending.harmony):
            continue
        if min_stem == 0:
            return stem, text, False
        if not _context_ok(t, stem, ending.after):
            continue
        if len(stem) < min_stem or not any(ch in t.vowels for ch in stem):
            return word, "", True
        return stem, text, False
    return word, "", False


def stem(word: str, min_stem: int = MIN_STEM) -> str:
    """The stem of a Kazakh word form, lower-cased (kazakh-stem.js ``stem``)."""
    t = _tables()
    whole = word.lower()
    case_stem, case, short = _strip_one(t, whole, t.cases, min_stem)
    if short:
        return whole
    poss_stem, poss, poss_short = _strip_one(t, case_stem, t.possessives, min_stem)
    if min_stem > 0 and case.startswith(t.possessive_n) and case and case_stem[-1:] in t.possessive:
        # an н-ending needs the 3rd person possessive before it, on a stem of four letters or more
        if poss_short or not poss or len(poss_stem) < 4:
            return whole
    result = case_stem
    if not poss_short:
        plural_stem, _, plural_short = _strip_one(t, poss_stem, t.plurals, min_stem)
        result = poss_stem if plural_short else plural_stem
    if (
        min_stem > 0
        and result != whole
        and len(result) == 3
        and (result[2] in t.vowel_ends + t.semivowels or len(whole) - 3 < 3)
    ):
        return whole
    return result


def search_key(word: str) -> str:
    """A Kazakh word's search key: its stem, less a final alternating к/қ/п (г/ғ/б) where six
    letters or more are left (kazakh-stem.js ``searchKey``)."""
    s = stem(word)
    if len(s) >= 6 and s[-1] in _tables().alternating:
        s = s[:-1]
    return s


def index_key(word: str) -> str:
    """The key an indexed word (lower-case, as Pagefind splits the text) is filed under: a
    Latin word or a number as it is (a query's English key is a prefix of it), any other
    word under its search key, which every query word of that form is a prefix of."""
    return word if LATIN.fullmatch(word) else search_key(word)
