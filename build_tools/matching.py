"""Fast matching of many literal strings with one compiled regular expression.

An alternation of a thousand literals (``a|b|c…``) makes Python's regex engine
try every branch at every position, so matching time grows with the number of
strings.  Folding the strings into a trie first gives a pattern whose branches
share their prefixes (``Ш(?:ЫҰ|ОС)``): at each position the engine follows one
path, so the time stays nearly flat as the glossary grows.
"""

from __future__ import annotations

import re
from typing import Iterable

_END = ""


def _build_trie(strings: Iterable[str]) -> dict:
    trie: dict = {}
    for s in strings:
        if not s:
            continue
        node = trie
        for ch in s:
            node = node.setdefault(ch, {})
        node[_END] = True
    return trie


def _trie_to_regex(node: dict) -> str:
    optional = _END in node
    branches = []
    for ch in sorted(k for k in node if k != _END):
        branches.append(re.escape(ch) + _trie_to_regex(node[ch]))
    if not branches:
        return ""
    if len(branches) == 1 and not optional:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    # longer continuations are tried first (greedy), so the longest string wins
    return body + "?" if optional else body


def literal_trie_regex(strings: Iterable[str]) -> str:
    """A regex source matching any of ``strings``, preferring the longest at a position."""
    trie = _build_trie(strings)
    if not trie:
        return "(?!)"  # matches nothing
    return _trie_to_regex(trie)
