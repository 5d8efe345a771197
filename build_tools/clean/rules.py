"""Stage 2 — clean: the cleaning rules, in the order they run.

Each rule is a small named function registered with :func:`.edits.rule`; it
proposes edits where its fix is unambiguous and reports doubts elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Iterable

from ..core.language import language
from ..core.model import TextMeta
from .edits import Doubt, Edit, regex_rule, rule
from .emendations import locate

# --------------------------------------------------------------------------- rules
#
# The rules run in the order they are registered here.  Each one fires only
# where its fix is unambiguous; where it is not sure it yields a ``Doubt``
# (reported by ``python -m build_tools check``) and changes nothing.

# Letters, tables and word lists: build_tools/data/language.yaml.
_LANG = language()

# Regex class bodies: letters of a word (Latin and Cyrillic), Cyrillic letters.
LOWER = _LANG.lower_class
UPPER = _LANG.upper_class
CYR = _LANG.cyrillic_class
CYR_LOWER = _LANG.cyrillic_lower_class
CYR_UPPER = _LANG.cyrillic_upper_class

# Abbreviations that end with a full stop inside a sentence (kk and ru).
ABBREVIATIONS = _LANG.abbreviations


def _lines(text: str):
    """(start, end, line) for every line of the text (end excludes the newline)."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"\w*$", text[max(0, pos - 40) : pos])
    return m.group(0).lower() if m else ""


def _is_abbreviation(word: str) -> bool:
    return word.lower().strip(".") in ABBREVIATIONS


def _words_with(text: str, pattern: str, letters_only: bool = False):
    """(start, word) of every word that contains a match of ``pattern``.

    Looks for the (rare) pattern first and widens each hit to its word, which
    is much faster on a long text than a regular expression that tries every word.
    """
    inside = (lambda ch: ch.isalpha()) if letters_only else (lambda ch: ch.isalnum() or ch == "_")
    last = -1
    for m in re.finditer(pattern, text):
        if m.start() < last:
            continue
        lo = m.start()
        while lo > 0 and inside(text[lo - 1]):
            lo -= 1
        hi = m.end()
        while hi < len(text) and inside(text[hi]):
            hi += 1
        last = hi
        yield lo, text[lo:hi]


def _vocabulary(text: str) -> Counter:
    return Counter(w.lower() for w in re.findall(rf"[{CYR}]+(?:-[{CYR}]+)*", text))


@rule("emendation", "emendation")
def emendation(text: str, meta: TextMeta) -> Iterable[Edit]:
    """Apply the text's manual emendations; each must match exactly one place."""
    for entry in meta.emendations:
        yield from locate(entry, text, meta)


@rule("normalize_line_ends", "line_breaks", trivial=True)
def normalize_line_ends(text: str, meta: TextMeta) -> Iterable[Edit]:
    # read/sources.py keeps line ends as they are in the file; this rule logs their change.
    return regex_rule("\r\n|[\r\x85\u2028\u2029]", "\n")(text, meta)


@rule("remove_control_characters", "unicode", trivial=True)
def remove_control_characters(text: str, meta: TextMeta) -> Iterable[Edit]:
    # read/sources.py refuses files full of control bytes (binary); a few stray ones end here.
    return regex_rule("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]", lambda m: "\n" if m.group(0) == "\x0c" else "")(
        text, meta
    )


@rule("remove_not_part_of_work", "not_part_of_work")
def remove_not_part_of_work(text: str, meta: TextMeta) -> Iterable[Edit]:
    for passage in meta.not_part_of_work:
        count = text.count(passage)
        if count == 1:
            index = text.find(passage)
            yield Edit(index, index + len(passage), "")
        elif count == 0:
            yield Doubt(0, f"not_part_of_work passage {passage!r} (texts.yaml) does not occur in the text")
        else:
            yield Doubt(text.find(passage), f"not_part_of_work passage {passage!r} occurs {count} times; quote more of it")


# Page furniture in text copied out of a PDF or a web page (language.yaml `page_furniture`).
_FURNITURE = _LANG.page_furniture
_COUNTER_LINE_RE = re.compile(rf"(?:{'|'.join(map(re.escape, _FURNITURE['counter_words']))})\s*:?\s*\d[\d  ]*", re.I)
_PAGE_WORDS = "|".join(map(re.escape, _FURNITURE["page_words"]))
_OUT_OF = rf"(?:\s*(?:{'|'.join(map(re.escape, _FURNITURE['out_of_words']))})\s*\d{{1,4}})?"
_PAGE_NUMBER_LINE_RE = re.compile(
    rf"[-–—]?\s*\d{{1,4}}{_OUT_OF}\s*[-–—]?|(?:{_PAGE_WORDS})\.?\s*\d{{1,4}}{_OUT_OF}|\d{{1,4}}\s*-?\s*(?:{_PAGE_WORDS})\.?",
    re.I,
)
REPEATED_HEADLINE = 3  # a line met this often, once in mid-sentence, is a running head


def _furniture_kind(line: str, repeated: Counter) -> str | None:
    body = line.strip()
    if not body or line.startswith("\t"):
        return None
    if _COUNTER_LINE_RE.fullmatch(body):
        return "counter"
    if _PAGE_NUMBER_LINE_RE.fullmatch(body):
        return "page"
    if repeated[body] >= REPEATED_HEADLINE and len(body) >= 4 and any(ch.isalpha() for ch in body):
        return "headline"
    return None


def _breaks_sentence(before: str, after: str) -> bool:
    """Whether two lines are halves of one sentence (so whatever stood between them is not the text's)."""
    return bool(re.search(rf"[{LOWER},\-–]$", before.rstrip()) and re.match(rf"[{LOWER}]", after.lstrip()))


@rule("remove_page_furniture", "not_part_of_work")
def remove_page_furniture(text: str, meta: TextMeta) -> Iterable[Edit]:
    # A view counter is always furniture. A page number or a line repeated on every page (a
    # running head) is furniture where it stands between two halves of a sentence; a
    # repeated line that does so once is a running head everywhere, and so is a page number
    # beside it. Elsewhere they may be the text's own (a table's number, a heading): a doubt.
    lines = list(_lines(text))
    repeated = Counter(line.strip() for _, _, line in lines if line.strip() and not line.startswith("\t"))
    kinds = [_furniture_kind(line, repeated) for _, _, line in lines]
    if not any(kinds):
        return
    blocks = []  # (first, last, previous text line or None, next text line or None)
    i = 0
    while i < len(lines):
        if not kinds[i]:
            i += 1
            continue
        first = i
        while first > 0 and not lines[first - 1][2].strip():
            first -= 1
        last = i
        while last + 1 < len(lines) and (kinds[last + 1] or not lines[last + 1][2].strip()):
            last += 1
        before = first - 1 if first > 0 else None
        after = last + 1 if last + 1 < len(lines) else None
        blocks.append((first, last, before, after))
        i = last + 1
    interrupting = [
        b is not None and a is not None and _breaks_sentence(lines[b][2], lines[a][2]) for _, _, b, a in blocks
    ]
    running_heads = {
        lines[k][2].strip()
        for (first, last, _, _), cut in zip(blocks, interrupting)
        if cut
        for k in range(first, last + 1)
        if kinds[k] == "headline"
    }
    for (first, last, before, after), cut in zip(blocks, interrupting):
        members = [k for k in range(first, last + 1) if kinds[k]]
        with_head = any(lines[k][2].strip() in running_heads for k in members)
        removed = [
            k
            for k in members
            if kinds[k] == "counter"
            or (kinds[k] == "page" and (cut or with_head))  # a page number beside a running head is one too
            or lines[k][2].strip() in running_heads
        ]
        for k in members:
            if k not in removed:
                what = "a page number" if kinds[k] == "page" else f"a running head (met {repeated[lines[k][2].strip()]} times)"
                yield Doubt(lines[k][0], f"{lines[k][2].strip()!r}: {what} between paragraphs, or the text's own? left as it is")
        if not removed:
            continue
        if cut and len(removed) == len(members):
            yield Edit(lines[before][1], lines[after][0], "\n")  # the halves of the sentence meet again
            continue
        for k in removed:
            start, end, _ = lines[k]
            yield Edit(start, end + 1, "") if end < len(text) else Edit(max(0, start - 1), end, "")


@rule("normalize_unicode", "unicode", trivial=True)
def normalize_unicode(text: str, meta: TextMeta) -> Iterable[Edit]:
    for m in re.finditer(r"[\u0300-\u036f]+", text):
        start = m.start() - 1
        if start < 0 or not text[start].isalnum():
            continue
        new = unicodedata.normalize("NFC", text[start : m.end()])
        if new != text[start : m.end()]:
            yield Edit(start, m.end(), new)


@rule("remove_invisible_characters", "unicode", trivial=True)
def remove_invisible_characters(text: str, meta: TextMeta) -> Iterable[Edit]:
    # zero-width characters, the soft hyphen (language.yaml `invisible_characters`)
    return regex_rule(f"[{re.escape(_LANG.invisible_characters)}]+", "")(text, meta)


LATIN_SCHWA = _LANG.latin_lookalikes["schwa"]


@rule("latin_schwa", "lookalikes", trivial=True)
def latin_schwa(text: str, meta: TextMeta) -> Iterable[Edit]:
    for start, word in _words_with(text, f"[{''.join(LATIN_SCHWA)}]"):
        if not re.search(f"[{CYR}]", word):
            continue
        for i, ch in enumerate(word):
            if ch in LATIN_SCHWA:
                yield Edit(start + i, start + i + 1, LATIN_SCHWA[ch])


LATIN_TO_CYRILLIC = _LANG.latin_lookalikes["cyrillic"]
LATIN_TO_KAZAKH = _LANG.latin_lookalikes["kazakh"]
_CENTURY = re.escape(_LANG.century)  # ғасыр: "XXғ", "ХХІ ғ."
_ROMAN_ABBREVIATION_RE = re.compile(_LANG.roman_with_century)


@rule("latin_in_cyrillic_word", "lookalikes", trivial=True)
def latin_in_cyrillic_word(text: str, meta: TextMeta) -> Iterable[Edit]:
    table = dict(LATIN_TO_CYRILLIC)
    if meta.language == "kk":
        table.update(LATIN_TO_KAZAKH)
    for start, word in _words_with(text, "[A-Za-z]+", letters_only=True):
        if not re.search(f"[{CYR}]", word):
            continue
        if _ROMAN_ABBREVIATION_RE.match(word):
            continue  # "XXғ" (ғасыр): a Roman numeral with an abbreviation
        unknown = sorted({ch for ch in word if "A" <= ch.upper() <= "Z" and ch not in table})
        if unknown:
            yield Doubt(start, f"Latin letter(s) {''.join(unknown)!r} in the Cyrillic word {word!r}: no certain Cyrillic twin")
            continue
        for i, ch in enumerate(word):
            if ch in table:
                yield Edit(start + i, start + i + 1, table[ch])


_ROMAN_RE = re.compile(r"^(?:X{1,3}(?:IX|IV|VI{0,3}|I{0,3})|IX|IV|VI{0,3}|I{2,3})$")
_CYR_ROMAN = _LANG.roman_lookalikes
_CYR_ROMAN_TOKEN_RE = re.compile(
    rf"(?<![\w.])[{''.join(_CYR_ROMAN)}XIV]{{2,4}}(?={_CENTURY}(?!\w)|{_CENTURY}{_CENTURY}|[^\w.]|\.\s|\.?$)", re.M
)


@rule("cyrillic_roman_numerals", "lookalikes", trivial=True)
def cyrillic_roman_numerals(text: str, meta: TextMeta) -> Iterable[Edit]:
    for m in _CYR_ROMAN_TOKEN_RE.finditer(text):
        token = m.group(0)
        if not any(ch in _CYR_ROMAN for ch in token):
            continue
        latin = "".join(_CYR_ROMAN.get(ch, ch) for ch in token)
        if _ROMAN_RE.match(latin):
            yield Edit(m.start(), m.end(), latin)


_OCR_QA = _LANG.ocr_semicolon["qa"]
_OCR_NGA = _LANG.ocr_semicolon["nga"]
# A genitive ending without its last letter (-ны of -ның): what a lost ң leaves.
_GENITIVE_STARTS = tuple(ending[:-1] for ending in _LANG.genitive_endings)
_OCR_QA_RE = re.compile(rf"{re.escape(_OCR_QA['read'])};(?=\s)")
_OCR_NGA_RE = re.compile(rf"{re.escape(_OCR_NGA['read'])};(?=[\s\-–—])")


@rule("ocr_semicolon_letter", "misread_letters")
def ocr_semicolon_letter(text: str, meta: TextMeta) -> Iterable[Edit]:
    if meta.language != "kk":
        return
    for m in _OCR_QA_RE.finditer(text):
        # A native Kazakh word never ends in -ык; the letter is қ and the ";" is its descender.
        stem = _word_before(text, m.start())
        if len(stem) >= 2 and stem.endswith(_OCR_QA["after"]) and re.fullmatch(f"[{CYR}]+", stem):
            yield Edit(m.start(), m.end(), _OCR_QA["letter"])
    vocab = None
    for m in _OCR_NGA_RE.finditer(text):
        stem = _word_before(text, m.start())  # the word without its last letter
        if not (re.fullmatch(f"[{CYR}]+", stem or "-") and stem[-2:] in _GENITIVE_STARTS):
            continue
        vocab = vocab if vocab is not None else _vocabulary(text)
        fixed = stem + _OCR_NGA["letter"]
        if vocab.get(fixed):
            yield Edit(m.start(), m.end(), _OCR_NGA["letter"])
        else:
            word = text[m.start() - len(stem) : m.end()]
            yield Doubt(m.start() - len(stem), f"{word!r}: a lost {_OCR_NGA['letter']} read as '{_OCR_NGA['read']};'? ({fixed!r} does not occur elsewhere)")


@rule("paragraph_indent_tab", "spacing", trivial=True)
def paragraph_indent_tab(text: str, meta: TextMeta) -> Iterable[Edit]:
    lines = list(_lines(text))
    for i, (start, end, line) in enumerate(lines):
        m = re.match(r"\t+(?=\S)", line)
        if not m:
            continue
        body = line[m.end() :]
        if len(body) < 80 or not re.search(r"[.!?](?:\s|$)", body):
            continue
        neighbours = [lines[j][2] for j in (i - 1, i + 1) if 0 <= j < len(lines)]
        if all(n.strip() and not n.startswith("\t") for n in neighbours):
            yield Edit(start, start + m.end(), "")


_SENTENCE_END = r"(?:[.!?…]|[.!?…][»\"”)]|\[\d[^\]\n]*\]|/\d+/)"


@rule("tabs_as_paragraph_breaks", "paragraphs")
def tabs_as_paragraph_breaks(text: str, meta: TextMeta) -> Iterable[Edit]:
    for start, end, line in _lines(text):
        if line.startswith("\t") or "\t" not in line.strip():
            continue
        for m in re.finditer(r"[ \u00a0]*\t[ \t\u00a0]*(?=\S)", line):
            if m.start() == 0:
                continue
            before = line[: m.start()]
            after = line[m.end() :]
            ends_sentence = re.search(_SENTENCE_END + r"$", before)
            starts_sentence = re.match(rf"[{UPPER}\d«\"“(]", after)
            tabs = m.group(0).count("\t")
            if starts_sentence and (ends_sentence or tabs >= 2):
                yield Edit(start + m.start(), start + m.end(), "\n")
            elif not re.match(rf"[{LOWER}]", after):
                yield Doubt(start + m.start(), f"tab(s) inside a line before {after[:20]!r}: a lost paragraph break?")


@rule("tab_as_space", "spacing", trivial=True)
def tab_as_space(text: str, meta: TextMeta) -> Iterable[Edit]:
    for start, end, line in _lines(text):
        if line.startswith("\t"):
            continue
        for m in re.finditer(rf"(?<=\S)[ \u00a0]*\t[ \t\u00a0]*(?=[{LOWER}])", line):
            yield Edit(start + m.start(), start + m.end(), " ")


@rule("strip_line_ends", "spacing", trivial=True)
def strip_line_ends(text: str, meta: TextMeta) -> Iterable[Edit]:
    for m in re.finditer(r"(?m)[ \t\u00a0]+$|^[ \u00a0]+", text):
        at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        line_end = m.end() == len(text) or text[m.end()] == "\n"
        if at_line_start and line_end and "\t" in m.group(0):
            continue  # a line of tabs only: an empty table cell
        yield Edit(m.start(), m.end(), "")


@rule("normalize_spaces", "spacing", trivial=True)
def normalize_spaces(text: str, meta: TextMeta) -> Iterable[Edit]:
    return regex_rule(r"[ \u00a0\u202f]{2,}|[\u00a0\u202f]", " ")(text, meta)


_HEADING_LINE_RE = re.compile(rf"^(?:\d{{1,2}}(?:\.\d{{1,2}})*\.?\s|[{UPPER}\W\d]+$)")


def _plain_line(line: str) -> bool:
    """A line that may be joined: not a table cell, list item or heading."""
    return bool(line.strip()) and not line.startswith("\t") and not re.match(r"\s*[·•\-—–]", line) and not _HEADING_LINE_RE.match(line.strip())


# Abbreviations broken across two lines at their inner full stop: (end of the first line, start of the next).
_BROKEN_ABBREVIATIONS = tuple(
    (re.compile(rf"(?<![\w.]){re.escape(first)}\.$"), re.compile(rf"{re.escape(second)}\."))
    for first, second in (a.split(".", 1) for a in _LANG.line_broken_abbreviations)
)


@rule("join_line_after_initial", "line_breaks", trivial=True)
def join_line_after_initial(text: str, meta: TextMeta) -> Iterable[Edit]:
    lines = list(_lines(text))
    for (s1, e1, a), (s2, e2, b) in zip(lines, lines[1:]):
        if not a.strip() or a.startswith("\t") or not b.strip() or b.startswith("\t"):
            continue
        if any(first.search(a) and second.match(b) for first, second in _BROKEN_ABBREVIATIONS):
            yield Edit(e1, s2, "")  # т. / б. → т.б.
        elif re.search(rf"(?<![\w])[{CYR_UPPER}]\.$", a) and re.match(rf"[{CYR_UPPER}][{CYR_LOWER}]", b):
            yield Edit(e1, s2, " ")  # Президент Н. / Назарбаев
        elif re.match(r"\[\d[\d,\s–-]*\]", b) and re.search(r"\S$", a):
            yield Edit(e1, s2, " ")  # a citation that belongs to the sentence before


@rule("join_mid_sentence_line", "line_breaks", trivial=True)
def join_mid_sentence_line(text: str, meta: TextMeta) -> Iterable[Edit]:
    lines = list(_lines(text))
    for (s1, e1, a), (s2, e2, b) in zip(lines, lines[1:]):
        if not (_plain_line(a) and _plain_line(b)):
            continue
        if re.search(rf"[{LOWER},]$", a) and re.match(rf"[{CYR_LOWER}]", b):
            yield Edit(e1, s2, " ")


@rule("word_break_hyphen", "broken_words")
def word_break_hyphen(text: str, meta: TextMeta) -> Iterable[Edit]:
    vocab = None
    compound_stems: set[str] = set()
    # "ғалым- дарын" (a line's end lost), "ғалым-\nдарын" (copied out of a PDF)
    for m in re.finditer(rf"(?<![\w-])([{CYR}]+)-(?: |\n(?=[{CYR_LOWER}]))([{CYR}]+)", text):
        if vocab is None:
            vocab = _vocabulary(text)
            # every hyphenated word of the text, cut 0-3 letters after its hyphen
            for w in vocab:
                if "-" in w:
                    cut = w.index("-") + 1
                    compound_stems.update(w[: cut + k] for k in range(4))
        left, right = m.group(1), m.group(2)
        compound = f"{left}-{right}".lower()
        joined = (left + right).lower()
        stem = f"{left}-{right[:3]}".lower()
        if vocab.get(compound) or stem in compound_stems:
            yield Edit(m.start(1) + len(left), m.start(2), "-")
        elif vocab.get(joined) or (
            len(left) >= 3 and right.islower() and _SUFFIX_START.match(right) and vocab.get(right.lower(), 0) < 2
        ):
            yield Edit(m.start(1) + len(left), m.start(2), "")
        else:
            yield Doubt(m.start(), f"{m.group(0)!r}: a word broken at a hyphen, a compound, or a dash?")
    for m in re.finditer(rf"(?<![\w-])[{CYR}]+-\n(?=[{CYR_UPPER}])", text):
        yield Doubt(m.start(), f"{m.group(0)!r} at a line's end before a capital: a compound of two names or a broken word?")
    for m in re.finditer(rf"(?<![\w-])([{CYR_UPPER}]{{2,}})- (\d)", text):
        yield Edit(m.start(1) + len(m.group(1)), m.start(2), "-")  # СНВ- 1 → СНВ-1


@rule("split_word_space", "broken_words")
def split_word_space(text: str, meta: TextMeta) -> Iterable[Edit]:
    # "мемлекет тердің": a word split by a stray space (text copied out of a PDF). Sure only
    # where the second half begins with an ending that never stands alone, is met nowhere
    # else alone, and the whole word is met elsewhere in the text; else left to `suspects`.
    if meta.language != "kk":
        return
    vocab = None
    # the second half's ending is part of the pattern (``_SUFFIX_STARTS``): most word pairs fail there
    for m in re.finditer(rf"(?<![\w-])([{CYR}]{{3,}})(?= (?={_SUFFIX_STARTS})([{CYR_LOWER}]{{3,}})(?![\w-]))", text):
        left, right = m.group(1), m.group(2)
        if right in _LANG.stop_words:
            continue
        vocab = vocab if vocab is not None else _vocabulary(text)
        if vocab.get(right, 0) <= 1 and vocab.get((left + right).lower(), 0) >= 1:
            yield Edit(m.end(1), m.end(1) + 1, "")


@rule("stray_full_stop", "punctuation")
def stray_full_stop(text: str, meta: TextMeta) -> Iterable[Edit]:
    # "Интеграциялық .бірлестік"
    for m in re.finditer(rf"\.(?<=[{CYR}] \.)(?=[{CYR_LOWER}]{{2}})", text):
        yield Edit(m.start(), m.end(), "")
    # "Кули .А. [23]"
    for m in re.finditer(rf"\.(?<=[{CYR}] \.)(?=[{CYR_UPPER}](?:\.|\s|$))", text):
        yield Edit(m.start() - 1, m.end(), " ")
    if meta.language != "kk":
        return
    # "күрделі.еді", "белгілі.бір": a stop inside a sentence. But «бар.лар» may be a sentence's
    # end whose next word lost its first letter (Олар → лар): only where the word after the
    # stop is one the text also has standing alone is the stop surely stray; else a doubt.
    standalone = None
    for m in re.finditer(rf"\.(?<=[{CYR_LOWER}]{{3}}\.)(?=[{CYR_LOWER}]{{2}})", text):
        if _is_abbreviation(_word_before(text, m.start())):
            continue
        if standalone is None:
            standalone = Counter(w.lower() for w in re.findall(rf"(?<![\w.])[{CYR}]+(?![\w.])", text))
        after = re.match(rf"[{CYR_LOWER}]+", text[m.end() :]).group(0)
        if standalone[after]:
            yield Edit(m.start(), m.end(), " ")
        else:
            yield Doubt(
                m.start(),
                f"«{_word_before(text, m.start())}.{after}»: a stray stop, or a sentence's end "
                f"before a word that lost its first letter? («{after}» stands nowhere else alone) left as it is",
            )
    # "мемлекеттің. де гүлденуі", "мәселе . бұрын"
    for m in re.finditer(rf"\.(?= [{CYR_LOWER}]{{2}})", text):
        start = m.start()
        while start > 0 and text[start - 1] == " ":
            start -= 1
        word = _word_before(text, start)
        if len(word) >= 4 and re.fullmatch(f"[{CYR_LOWER}]+", word[-4:]) and not _is_abbreviation(word):
            yield Edit(start, m.end(), "")


@rule("space_before_punctuation", "spacing", trivial=True)
def space_before_punctuation(text: str, meta: TextMeta) -> Iterable[Edit]:
    for m in re.finditer(r"(?<=[^\s(\[«])[ \u00a0]+(?=[,;:!?)\]»]|\.(?!\.))", text):
        yield Edit(m.start(), m.end(), "")
    for m in re.finditer(r"(?<=[(\[])[ \u00a0]+(?=\S)", text):
        yield Edit(m.start(), m.end(), "")


_ENDINGS = list(_LANG.acronym_endings)
_ACRONYM_ENDING_RE = re.compile(
    rf"(?<![\w-])([{CYR_UPPER}]{{2,}})(?: +| *[-–—] +| +[-–—] *)({'|'.join(sorted(_ENDINGS, key=len, reverse=True))})(?![\w-])"
)



@rule("glued_sentences", "typography", trivial=True)
def glued_sentences(text: str, meta: TextMeta) -> Iterable[Edit]:
    for m in re.finditer(r"\.\.(?<=[^\s.]\.\.)(?!\.)", text):
        following = text[m.end() : m.end() + 1]
        if following.isalpha() and following.islower():
            yield Doubt(m.start(), "two full stops before a lower-case word: not the end of a sentence?")
            continue
        yield Edit(m.start(), m.end(), ". " if re.match(r"[\w«(\[\"“]", following) else ".")


# Endings that begin a new part of a word and never stand alone.
_SUFFIX_STARTS = f"(?:{'|'.join(map(re.escape, _LANG.suffix_starts))})"  # how an ending that never stands alone begins
_SUFFIX_START = re.compile(rf"^{_SUFFIX_STARTS}")



@rule("missing_space_after_punctuation", "spacing", trivial=True)
def missing_space_after_punctuation(text: str, meta: TextMeta) -> Iterable[Edit]:
    # (each pattern starts with its punctuation mark and looks behind it afterwards, which lets
    # the regex engine skip to the candidates instead of testing a look-behind at every position)
    for m in re.finditer(rf"[.!?](?<=[{CYR_LOWER}]{{2}}[.!?])(?=[{CYR_UPPER}][{CYR_LOWER}]|\d)", text):
        yield Edit(m.end(), m.end(), " ")
    for m in re.finditer(rf",(?<=[{CYR}],)(?=[{CYR}«])", text):
        yield Edit(m.end(), m.end(), " ")
    for m in re.finditer(rf"\.(?<=[{CYR_LOWER}]\.)(?=[{CYR_LOWER}])", text):
        if _is_abbreviation(_word_before(text, m.start())) and len(_word_before(text, m.start())) >= 2:
            yield Edit(m.end(), m.end(), " ")  # млн.тонна


_UNITS = "|".join(sorted(map(re.escape, _LANG.units), key=len, reverse=True))
_NUMBER_UNIT_RE = re.compile(rf"(?<![\w.,])\d+(?:[.,]\d+)?(?=(?:{_UNITS})(?!\w))")


@rule("number_glued_to_unit", "spacing", trivial=True)
def number_glued_to_unit(text: str, meta: TextMeta) -> Iterable[Edit]:
    # "150млн." → "150 млн.", "1990г." → "1990 г." (units: language.yaml)
    for m in _NUMBER_UNIT_RE.finditer(text):
        yield Edit(m.end(), m.end(), " ")


@rule("acronym_case_ending", "spelling")
def acronym_case_ending(text: str, meta: TextMeta) -> Iterable[Edit]:
    if meta.language != "kk":
        return
    for m in _ACRONYM_ENDING_RE.finditer(text):
        yield Edit(m.end(1), m.start(2), "-")


def _quote_doubt(start: int, line: str) -> "Doubt":
    return Doubt(start, f"quotation marks that do not pair up in the line {line[:40]!r}…")


@rule("normalize_quotes", "typography", trivial=True)
def normalize_quotes(text: str, meta: TextMeta) -> Iterable[Edit]:
    for start, end, line in _lines(text):
        if '"' not in line and "“" not in line and "”" not in line:
            continue
        marks = []
        depth = 0
        for i, ch in enumerate(line):
            if ch == "«":
                depth += 1
            elif ch == "»":
                depth = max(0, depth - 1)
            elif ch in '"“”' and depth == 0:
                marks.append(i)
        if not marks:
            continue
        if len(marks) % 2:
            yield _quote_doubt(start + marks[0], line)
            continue
        edits = []
        for k in range(0, len(marks), 2):
            o, c = marks[k], marks[k + 1]
            before = line[o - 1] if o else " "
            opening_ok = line[o] in "\"“" and not before.isalnum() and o + 1 < len(line) and not line[o + 1].isspace()
            closing_ok = line[c] in '"”' and c > o + 1 and not line[c - 1].isspace()
            if not (opening_ok and closing_ok):
                edits = None
                break
            edits += [Edit(start + o, start + o + 1, "«"), Edit(start + c, start + c + 1, "»")]
        if edits is None:
            yield _quote_doubt(start + marks[0], line)
        else:
            yield from edits


@rule("normalize_list_bullets", "typography", trivial=True)
def normalize_list_bullets(text: str, meta: TextMeta) -> Iterable[Edit]:
    for m in re.finditer(rf"(?m)^(?:[·\-—–][ \t]*|•(?:[ \t]{{2,}}|\t|(?=\S)))(?=[{CYR}A-Za-z«\"“(])", text):
        yield Edit(m.start(), m.end(), "• ")
