"""Kazakh alphabetical order (code-point order is wrong for Kazakh).

The Kazakh Cyrillic alphabet: А Ә Б В Г Ғ Д Е Ё Ж З И Й К Қ Л М Н Ң О Ө П Р С Т У
Ұ Ү Ф Х Һ Ц Ч Ш Щ Ъ Ы І Ь Э Ю Я.  :func:`sort_key` orders strings by it,
ignoring letter case and punctuation (quotes, hyphens); digits come before
letters and Latin letters after the Cyrillic ones.
"""

from __future__ import annotations

from .language import language

# The alphabet, upper case, in order (build_tools/data/language.yaml).
ALPHABET = list(language().alphabet)
RANK = {letter.lower(): i for i, letter in enumerate(ALPHABET)}


def _char_key(ch: str):
    if ch in RANK:
        return (2, RANK[ch])
    if ch.isdigit():
        return (1, ord(ch))
    if ch.isalpha():
        return (3, ord(ch))  # Latin and other scripts after Cyrillic
    if ch.isspace():
        return (0, 0)  # a word boundary sorts before any letter: «Арал теңізі» < «Аралды»
    return None  # punctuation does not count


def sort_key(text: str) -> tuple:
    """A key that sorts strings in Kazakh alphabetical order."""
    folded = " ".join(text.lower().split())
    primary = tuple(k for k in (_char_key(ch) for ch in folded) if k is not None)
    return (primary, text)


def sorted_kk(items, key=lambda x: x):
    """Sort items by the Kazakh order of key(item)."""
    return sorted(items, key=lambda item: sort_key(key(item)))


def first_letter(text: str) -> str:
    """The letter an index groups a string under (upper case); '#' when it has none."""
    for ch in text:
        if ch.isalpha():
            return ch.upper()
        if ch.isdigit():
            return "#"
    return "#"
