"""Proofreading: a worklist of probable typos in the cleaned texts, for the editor.

Each suspect is a word of a cleaned text with the place in its raw file (file:line), a
suggested reading and the evidence, combined into a score. No single kind of evidence
decides: the Kazakh Hunspell dictionary rejects many correct inflected forms, so a
dictionary miss alone is weak; the corpus's own lexicon and the glossary's acronyms weigh
more. The kinds of evidence, strongest first:

* ``digit`` — a digit inside a word ("Республикамыз5а");
* ``script`` — Latin letters inside a Cyrillic word the cleaning left alone;
* ``acronym`` — a capitalised word one edit from a glossary acronym ("ЮНСКО" ~ "ЮНЕСКО");
* ``near`` — a rare word one edit from a frequent one ("жүзгізілуі" ~ "жүргізілуі");
* ``split`` — two words, the second rare alone, that the corpus writes as one
  ("мәдениет аралық" ~ "мәдениетаралық"; the sure cases a cleaning rule joins);
* ``glued`` — a word that splits into two words the corpus knows ("дамубанкісіне");
* ``dictionary`` — the text's Hunspell dictionary rejects it (and the corpus has it once).

Forms that are right (the author's usage, names, quotations) are accepted in
``source_texts/accepted_forms.yaml`` and never come back; emended words are right in the
cleaned text and drop off by themselves.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..core.language import language
from ..core.model import Document

WORD = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)*")  # letters and digits, joined by inner hyphens or apostrophes
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
DICTIONARIES = {"kk": "kk_KZ", "ru": "ru_RU"}
HUNSPELL_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"))

WEIGHTS = {"digit": 4.0, "script": 4.0, "acronym": 3.5, "near": 3.0, "split": 3.0, "glued": 2.5, "near-edge": 1.5, "dictionary": 1.0}
FREQUENT = 5  # a word met this often in the corpus is known to it
RARE = 2  # a word met at most this often may be a typo of a frequent one
THRESHOLD = WEIGHTS["near"]  # the worklist's default: a dictionary miss alone is not enough


@dataclass
class Suspect:
    """A probable typo: where, what, the suggested reading and why."""

    text: str  # text id
    file: str  # raw file, relative to the project
    line: int
    token: str
    suggestion: str = ""
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0
    count: int = 1  # how often the corpus has the token

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "file": self.file,
            "line": self.line,
            "token": self.token,
            "suggestion": self.suggestion,
            "evidence": self.evidence,
            "score": self.score,
            "count": self.count,
        }

    def as_line(self) -> str:
        suggestion = f" → {self.suggestion}" if self.suggestion else ""
        return f"{self.file}:{self.line}: {self.token}{suggestion}  [{'; '.join(self.evidence)}] {self.score:g}"


# --------------------------------------------------------------------------- the corpus


def words(text: str):
    """(start, word) for every word of a text."""
    for m in WORD.finditer(text):
        yield m.start(), m.group()


def lexicon(documents: list[Document]) -> Counter:
    """How often each word (lower case) occurs in the cleaned texts."""
    counts: Counter = Counter()
    for doc in documents:
        counts.update(w.lower() for _, w in words(doc.text))
    return counts


def raw_offset(doc: Document, pos: int, placed=None) -> int:
    """The raw file's offset of a cleaned-text position (through the change log, ``placed`` if given)."""
    placed = doc.clean.placed_changes() if placed is None else placed
    starts = [p.out_start for p in placed]
    k = bisect.bisect_right(starts, pos) - 1
    if k < 0:
        return pos
    p = placed[k]
    if pos < p.out_end:
        return p.change.start
    return p.change.end + (pos - p.out_end)


def edits1(word: str, alphabet: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return deletes | transposes | replaces | inserts


# --------------------------------------------------------------------------- dictionaries


@lru_cache(maxsize=None)
def dictionary(language: str):
    """The Hunspell dictionary of a language (spylls), or None when it is not installed."""
    name = DICTIONARIES.get(language)
    if name is None:
        return None
    try:
        from spylls.hunspell import Dictionary
    except ImportError:
        return None
    for folder in HUNSPELL_DIRS:
        if (folder / f"{name}.dic").exists():
            return Dictionary.from_files(str(folder / name))
    return None


@lru_cache(maxsize=None)
def known_to_dictionary(word: str, language: str) -> bool | None:
    """Whether the text's dictionary accepts the word (None: no dictionary here)."""
    d = dictionary(language)
    if d is None:
        return None
    return bool(d.lookup(word)) or bool(d.lookup(word.lower()))


# --------------------------------------------------------------------------- accepted forms


def load_accepted(path: Path) -> dict[str, set[str]]:
    """Accepted forms by text id ("*" for every text), from accepted_forms.yaml (may be absent)."""
    from ..read.proofreading import load_proofreading

    return load_proofreading(path).accepted_by_text()


# --------------------------------------------------------------------------- evidence


def _alphabet(counts: Counter) -> str:
    letters = Counter(ch for w in counts for ch in w if ch.isalpha())
    return "".join(ch for ch, n in letters.items() if n >= 20)


def find_suspects(
    documents: list[Document],
    acronyms: set[str],
    accepted: dict[str, set[str]] | None = None,
    ids: list[str] | None = None,
    glossary_forms: set[str] | None = None,
    threshold: float = THRESHOLD,
) -> list[Suspect]:
    """The suspects of the given texts (all when `ids` is empty), best first.

    `acronyms` are the glossary's acronyms a misspelt one is compared with; `glossary_forms`
    every form the glossary lists (its variants too: «ЕЭО» beside «ЕАЭО» is known, not a typo).
    A suspect scores at least `threshold`; 0 lists the weak tail too (a dictionary miss alone).
    """
    accepted = accepted or {}
    counts = lexicon(documents)
    alphabet = _alphabet(counts)
    types = sorted(counts)  # for finding a stem's other forms
    acronym_set = set(acronyms) | set(glossary_forms or ())
    found: dict[tuple[str, str], Suspect] = {}
    for doc in documents:
        if ids and doc.meta.id not in ids:
            continue
        ok = accepted.get("*", set()) | accepted.get(doc.meta.id, set())
        raw = doc.clean.raw
        placed = doc.clean.placed_changes()
        file = f"source_texts/{doc.meta.file}"

        def line_of(start: int) -> int:
            """The raw file's line of a cleaned-text position."""
            return raw.count("\n", 0, raw_offset(doc, start, placed)) + 1

        for start, word in words(doc.text):
            low = word.lower()
            if low in ok or len(word) < 3 or not any(ch.isalpha() for ch in word):
                continue
            key = (doc.meta.id, low)
            if key in found:
                continue
            evidence, suggestion = _evidence(word, doc.meta.language, counts, types, alphabet, acronym_set)
            if not evidence:
                continue
            score = sum(WEIGHTS[e.split(":")[0]] for e in evidence)
            if score < threshold:
                continue
            found[key] = Suspect(doc.meta.id, file, line_of(start), word, suggestion, evidence, score, counts[low])
        for start, pair, joined in split_words(doc.text, counts):
            key = (doc.meta.id, pair.lower())
            if pair.lower() in ok or key in found:
                continue
            evidence = [f"split:{joined.lower()}×{counts[joined.lower()]}"]
            found[key] = Suspect(doc.meta.id, file, line_of(start), pair, joined, evidence, WEIGHTS["split"], 1)
    return sorted(found.values(), key=lambda s: (-s.score, s.count, s.text, s.line))


def worklist(documents: list[Document], glossary, accepted_yaml: Path, ids: list[str] | None = None, threshold: float = THRESHOLD) -> list[Suspect]:
    """The editor's worklist: `find_suspects` with the glossary's acronyms and forms and the accepted forms."""
    acronyms = {a for e in glossary.entries.values() for a in e.acronyms()}
    forms = {f for e in glossary.entries.values() for f in e.forms()}
    return find_suspects(documents, acronyms, load_accepted(accepted_yaml), ids, forms, threshold=threshold)


_PAIR = re.compile(r"(?<![\w-])([^\W\d_]{3,}) (?=([^\W\d_]{3,})(?![\w-]))")


def split_words(text: str, counts: Counter):
    """(start, "two words", "twowords") where the corpus writes the two as one word (at least
    twice) and meets the second alone at most `RARE` times: a word split by a space."""
    for m in _PAIR.finditer(text):
        left, right = m.group(1), m.group(2)
        joined = left + right
        if counts[joined.lower()] >= 2 and counts[right.lower()] <= RARE and not joined.isupper():
            yield m.start(), f"{left} {right}", joined


def _glued_digit(word: str) -> bool:
    """A digit glued to a letter inside a word («Республикамыз5а», «150млн», «1Шартына»), not a
    name with its number («G20», «C5») nor a number with a hyphenated ending («1990-жылдары»)."""
    for part in re.split(r"[-–]", word):
        m = re.match(r"([^\W\d_]+)(\d+)", part)
        if m and m.group(1).isupper():  # a capital name and its number: G20, C5
            part = part[m.end(1) :]
        if re.search(r"[^\W\d_]\d|\d[^\W\d_]", part):
            return True
    return False


def _mixed_script(word: str) -> bool:
    """Latin and Cyrillic letters side by side in one piece of a word (not «UNDP-ға»)."""
    return any(CYRILLIC.search(part) and LATIN.search(part) for part in re.split(r"[-–’']", word))


KIN = 3  # other forms of a stem that make a rare form one more inflection of it


def _kin(stem: str, word: str, types: list[str]) -> int:
    """How many other words of the corpus (`types`, sorted) begin with `stem`: other forms of the same word."""
    lo = bisect.bisect_left(types, stem)
    n = 0
    for other in types[lo:]:
        if not other.startswith(stem):
            break
        if other != word:
            n += 1
            if n >= KIN:
                break
    return n


def _edit_position(a: str, b: str) -> int:
    """Where two strings one edit apart first differ."""
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return i


def _evidence(
    word: str, language: str, counts: Counter, types: list[str], alphabet: str, acronyms: set[str]
) -> tuple[list[str], str]:
    low = word.lower()
    evidence: list[str] = []
    suggestion = ""
    if _glued_digit(word):
        evidence.append("digit")
    if _mixed_script(word):
        evidence.append("script")
    if word.isupper() and len(word) >= 3 and word not in acronyms:
        variants = edits1(word, _UPPER)
        near = sorted(a for a in acronyms if len(a) >= 3 and a in variants)
        if near:
            evidence.append(f"acronym:{near[0]}")
            suggestion = near[0]
    rejected = known_to_dictionary(word, language) is False
    if counts[low] <= RARE and not word.isupper() and len(low) >= 5 and rejected:
        best = max(
            (
                c
                for c in edits1(low, alphabet)
                if counts[c] >= FREQUENT and counts[c] >= 5 * counts[low] and known_to_dictionary(c, language) is not False
            ),
            key=lambda c: counts[c],
            default=None,
        )
        if best:
            # An edit at the word's edges is most often another ending or a prefix; and a word
            # whose stem the corpus knows in other forms is most often one more inflection
            # (арттыруды beside арттыру, арттырады…), not a typo (стартегиялық has no kin).
            inside = 1 <= _edit_position(low, best) <= len(low) - 3
            kin = _kin(low[:-2], low, types)
            strong = inside and kin < KIN
            evidence.append(f"near:{best}×{counts[best]}" if strong else f"near-edge:{best}×{counts[best]}")
            suggestion = suggestion or _case_like(word, best)
        elif len(low) >= 8 and _kin(low[:-2], low, types) < KIN:
            split = _split(low, counts)
            if split:
                evidence.append(f"glued:{split[0]}+{split[1]}")
                suggestion = suggestion or _case_like(word, f"{split[0]} {split[1]}")
    if rejected and not word.isupper() and (evidence or counts[low] <= 1):
        evidence.append(f"dictionary:{language}")
    return evidence, suggestion


_UPPER = "".join(language().alphabet)  # capitals of acronyms (build_tools/data/language.yaml)


def _split(low: str, counts: Counter) -> tuple[str, str] | None:
    """The most frequent split of a word into two words the corpus knows well."""
    best = None
    for i in range(4, len(low) - 3):  # both halves of four letters or more: not a case ending (-мен, -дан)
        a, b = low[:i], low[i:]
        if counts[a] >= FREQUENT and counts[b] >= FREQUENT:
            score = min(counts[a], counts[b])
            if best is None or score > best[0]:
                best = (score, a, b)
    return (best[1], best[2]) if best else None


def _case_like(word: str, suggestion: str) -> str:
    return suggestion[:1].upper() + suggestion[1:] if word[:1].isupper() else suggestion
