"""The trie regex matches exactly what a longest-first alternation matches."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools.matching import literal_trie_regex

WORDS = st.lists(st.text(alphabet="ШЫҰОСab .-", min_size=1, max_size=6), min_size=1, max_size=30)


def naive(strings):
    return "|".join(re.escape(s) for s in sorted(set(strings), key=len, reverse=True))


@settings(max_examples=500, deadline=None)
@given(WORDS, st.text(alphabet="ШЫҰОСab .-x", max_size=60))
def test_same_matches_as_a_longest_first_alternation(strings, text):
    trie = re.compile(literal_trie_regex(strings))
    plain = re.compile(naive(strings))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_examples():
    pattern = re.compile(rf"(?<!\w)({literal_trie_regex(['ШЫҰ', 'ШОС', 'ШЫҰ ТМД', 'АҚШ'])})(?!\w)")
    assert [m.group(1) for m in pattern.finditer("ШЫҰ ТМД мен ШОС, АҚШ-пен ШЫҰЫ")] == ["ШЫҰ ТМД", "ШОС", "АҚШ"]
    assert re.compile(literal_trie_regex([])).search("anything") is None
