"""Pagefind's index files, read and written: reproducible filters, and parts merged into one index.

Pagefind (1.6; 1.5 wrote the same) writes an index as a few kinds of files, each its signature (``pagefind_dcd``)
and then CBOR, gzipped (a fragment: JSON):

- ``pagefind-entry.json`` names, for each language, the metadata file and how many pages it has;
- ``pagefind.<lang>_<hash>.pf_meta``: [version, pages, chunks, filters, sorts, metadata fields],
  where a page is [its fragment's name, its number of words, its fragment's group] (the group
  is new in 1.6, and empty unless the indexer is given ``max_fragments``), a chunk [first word, last word,
  file] (the words cut short to where they differ from the next chunk's), a filter [name, file];
- ``index/<lang>_<hash>.pf_index``: a chunk, [[word, pages, variants], …] in the order of the
  words, where a page is [its number, the word's positions, its positions in metadata fields],
  each page's number given as the difference from the one before (the first from 0), and a
  variant is [word as written, pages] (the word with its diacritics, which the index keeps
  without them);
- ``filter/<lang>_<hash>.pf_filter``: [name, [[value, [page numbers…]], …]];
- ``fragment/<lang>_<hash>.pf_fragment``: a page's text and data (JSON).

:func:`canonical_filters` makes an index the same from build to build. :func:`merge_indexes`
makes one index of several: a large edition's records are indexed in parts, each by an indexer
of its own, since Pagefind's indexer holds all it indexes in memory (publish/search_index.py).
The merged index is the one Pagefind would have written over all the parts' records: the pages
of each part follow those of the parts before it, a word's pages in every part make one list,
and the chunks are cut by Pagefind's own rule (:data:`CHUNK_SIZE`), except among the words an
indexed word begins (:data:`SHARED`: the browser loads one chunk for a query word whose bounds
hold it, and would miss those words in the next one). So the search script sees one index,
which answers and ranks as one index does, and a query loads one chunk per word however many
parts there were. The parts' words are read one chunk at a time, in order, so the merge holds a
chunk of each part, never the index. Given a ``key``, the merge files every word form under its
search key (the stem, publish/search_index.py), holding the words of one first letter at a time.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import itertools
import json
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..core.errors import EditionError

SIGNATURE = b"pagefind_dcd"
FORMAT = "1.6."  # the version of Pagefind whose files this module reads (package.json pins it)
CHUNK_SIZE = 20_000  # a chunk ends once its words' pages and positions reach this (Pagefind's rule)
SHARED = 3  # an indexed word this long or longer has the words it begins in its own chunk (_write_chunks) …
DEFER = 2 * CHUNK_SIZE  # … unless they would add more than this to a chunk already full
ENTRY = "pagefind-entry.json"

_SIZES = {24: 1, 25: 2, 26: 4, 27: 8}


# --------------------------------------------------------------------------- CBOR, as far as Pagefind uses it


def _cbor_head(data: bytes, i: int) -> tuple[int, int, int]:
    """The CBOR head at ``i``: its major type, its argument (a length or a number), where it ends."""
    major, info = data[i] >> 5, data[i] & 0x1F
    if info < 24:
        return major, info, i + 1
    size = _SIZES[info]
    return major, int.from_bytes(data[i + 1 : i + 1 + size], "big"), i + 1 + size


def _cbor_item(data: bytes, i: int) -> tuple[object, int]:
    """The CBOR item at ``i``: its value if it is a text string (else None), and where it ends."""
    major, n, i = _cbor_head(data, i)
    if major in (0, 1, 7):  # numbers, simple values: nothing follows the head
        return None, i
    if major in (2, 3):
        return (data[i : i + n].decode("utf-8") if major == 3 else None), i + n
    for _ in range(n * (2 if major == 5 else 1)):  # arrays and maps
        _, i = _cbor_item(data, i)
    return None, i


def _decode(data: bytes, i: int = 0) -> tuple[object, int]:
    """The CBOR item at ``i`` as Python (numbers, texts, lists), and where it ends."""
    major, n, i = _cbor_head(data, i)
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 3:
        return data[i : i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 7 and n in (20, 21, 22):
        return {20: False, 21: True, 22: None}[n], i
    raise ValueError(f"CBOR major type {major} at {i}: not one Pagefind writes")


def decode(data: bytes) -> object:
    """A file's CBOR (after the signature) as Python."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise ValueError(f"{len(data) - end} bytes after the CBOR item")
    return value


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in _SIZES.items():
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(f"{n} is too large for CBOR")


def _encode(value: object) -> bytes:
    """``value`` (numbers, texts, lists, or bytes already encoded) as CBOR, as Pagefind writes it."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, bool) or value is None:
        return bytes([0xF5 if value is True else 0xF4 if value is False else 0xF6])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise TypeError(f"{type(value).__name__} is not written to Pagefind's files")


def read_file(path: Path) -> bytes:
    """A file's CBOR (or JSON), without its signature."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise EditionError(path, "not a Pagefind index file (no signature): rebuild the site")
    return data[len(SIGNATURE) :]


MALFORMED = (ValueError, KeyError, IndexError)  # what reading a file of another shape raises
HASH_LENGTH = 7  # the hex digits of a file's hash in the names Pagefind gives its files


def _decoded(path: Path) -> object:
    """A file's CBOR as Python; an error naming the file if it is not CBOR as Pagefind writes it."""
    try:
        return decode(read_file(path))
    except MALFORMED as exc:
        raise EditionError(path, f"not a Pagefind {FORMAT}x index file ({exc}): rebuild the site") from exc


def _write_gz(path: Path, data: bytes) -> None:
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def _named(directory: Path, language: str, data: bytes, suffix: str) -> str:
    """Write ``data`` (with the signature) to ``directory`` under a name made of its hash, as
    Pagefind names its files (``kk_1a2b3c4``), longer where that name is taken; returns the name."""
    digest = hashlib.sha256(data).hexdigest()
    length = HASH_LENGTH
    while True:
        name = f"{language}_{digest[:length]}"
        path = directory / f"{name}{suffix}"
        if not path.exists() or read_file(path) == data:
            break
        length += 1
    directory.mkdir(parents=True, exist_ok=True)
    _write_gz(path, SIGNATURE + data)
    return name


# --------------------------------------------------------------------------- reproducible filters
# Pagefind (1.5.2) writes the values of a filter in the order of a hash map, which changes from
# run to run, and names each file by a hash of its content: two builds of the same site differ.
# canonical_filters() puts the values of every filter file in the order of their names and
# renames what that changes (the filter files, and so the metadata file that lists them, which
# pagefind-entry.json names). The entries are reordered as they are.


def _pairs(data: bytes, i: int) -> tuple[list[tuple[str, bytes]], int, int] | None:
    """If the item at ``i`` is an array of pairs that start with a text, its entries (that text,
    the entry's bytes), where its entries start and where it ends; else None."""
    major, n, j = _cbor_head(data, i)
    if major != 4:
        return None
    entries, k = [], j
    for _ in range(n):
        if data[k] != 0x82:
            return None
        first, _ = _cbor_item(data, k + 1)
        _, end = _cbor_item(data, k)
        if not isinstance(first, str):
            return None
        entries.append((first, data[k:end]))
        k = end
    return entries, j, k


def _sorted_filter(data: bytes) -> bytes:
    """A filter file's bytes (after the signature), [name, [[value, pages], …]], with its
    values in the order of their names."""
    _, i = _cbor_item(data, 1)  # the filter's name
    entries, start, end = _pairs(data, i)
    return data[:start] + b"".join(chunk for _, chunk in sorted(entries)) + data[end:]


def _sorted_filter_list(data: bytes, names: set[str]) -> bytes:
    """The metadata file's bytes (after the signature) with its list of filters, [[name, file],
    …], in the order of the names."""
    major, n, i = _cbor_head(data, 0)
    for _ in range(n):
        found = _pairs(data, i)
        _, end = _cbor_item(data, i)
        if found and found[0] and {name for name, _ in found[0]} <= names and len(found[0]) == len(names):
            entries, start, stop = found
            return data[:start] + b"".join(chunk for _, chunk in sorted(entries)) + data[stop:]
        i = end
    return data


def canonical_filters(output: Path) -> None:
    renamed: dict[str, str] = {}
    names: set[str] = set()
    for path in sorted((output / "filter").glob("*.pf_filter")):
        data = read_file(path)
        data = _sorted_filter(data)
        names.add(_cbor_item(data, 1)[0])
        prefix, old = path.stem.split("_", 1)
        new = hashlib.sha256(SIGNATURE + data).hexdigest()[: len(old)]
        path.unlink()
        _write_gz(path.with_name(f"{prefix}_{new}.pf_filter"), SIGNATURE + data)
        renamed[f"{prefix}_{old}"] = f"{prefix}_{new}"
    entry_path = output / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = output / f"pagefind.{language['hash']}.pf_meta"
        data = read_file(meta_path)
        for old, new in renamed.items():  # the names have the same length: CBOR's lengths hold
            data = data.replace(old.encode(), new.encode())
        data = SIGNATURE + _sorted_filter_list(data, names)
        prefix, old = language["hash"].split("_", 1)
        language["hash"] = f"{prefix}_{hashlib.sha256(data).hexdigest()[: len(old)]}"
        meta_path.unlink()
        _write_gz(output / f"pagefind.{language['hash']}.pf_meta", data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# --------------------------------------------------------------------------- merging parts


@dataclass
class _Part:
    """A part's index in one language: its directory, metadata, the first page number it takes
    in the merged index, and how its metadata fields' marks are renumbered there."""

    directory: Path
    meta: list
    offset: int
    fields: dict[int, int] | None = None


@dataclass
class _Pages:
    """A word's pages in one part: each page's entry after its number, as written; the pages'
    numbers (absolute, in the part); and how much of a chunk they fill (Pagefind's measure)."""

    numbers: list[int]
    rests: list[bytes]
    size: int


def _skip_numbers(data: bytes, i: int, count: int) -> int:
    """Where ``count`` numbers from ``i`` end (a number is its CBOR head alone)."""
    for _ in range(count):
        info = data[i] & 0x1F
        i += 1 if info < 24 else 1 + _SIZES[info]
    return i


def _read_pages(data: bytes, i: int, fields: dict[int, int] | None) -> tuple[_Pages, int]:
    """The array of pages at ``i``, [[number, positions, field positions], …]. Field positions
    are a field's mark (-1 for the index's first metadata field, -2 for its second …) and the
    positions in it; ``fields`` renumbers the marks (a part may lack a field another part has)."""
    _, count, i = _cbor_head(data, i)
    numbers, rests, size, number = [], [], count, 0
    for _ in range(count):
        _, length, i = _cbor_head(data, i)  # [number, positions, field positions]
        if length != 3:
            raise ValueError(f"a page of {length} fields, not Pagefind {FORMAT}x's 3")
        _, delta, start = _cbor_head(data, i)
        number += delta
        _, n, i = _cbor_head(data, start)
        i = _skip_numbers(data, i, n)
        middle = i
        _, m, i = _cbor_head(data, i)
        i = _skip_numbers(data, i, m)
        size += n + m
        if fields and m:
            marks, _ = _decode(data, middle)
            rests.append(data[start:middle] + _encode([fields.get(x, x) for x in marks]))
        else:
            rests.append(data[start:i])
        numbers.append(number)
    return _Pages(numbers, rests, size), i


def _words(part: _Part) -> Iterator[tuple[str, int, _Pages, list[tuple[str, _Pages]]]]:
    """A part's words in order, one chunk read at a time: (word, the part's offset, pages, variants)."""
    previous = ""
    for _, _, name in part.meta[2]:
        path = part.directory / "index" / f"{name}.pf_index"
        data = read_file(path)
        _, _, i = _cbor_head(data, 0)  # the chunk
        _, count, i = _cbor_head(data, i)  # its words
        for _ in range(count):
            _, fields, i = _cbor_head(data, i)  # [word, pages, variants]
            if fields != 3:
                raise EditionError(path, f"a word of {fields} fields, not Pagefind {FORMAT}x's 3")
            word, i = _cbor_item(data, i)
            if word < previous:
                raise EditionError(path, f"words out of order ({previous!r}, {word!r}): not Pagefind {FORMAT}x's index")
            previous = word
            try:
                pages, i = _read_pages(data, i, part.fields)
                _, count_variants, i = _cbor_head(data, i)
                variants = []
                for _ in range(count_variants):
                    _, _, i = _cbor_head(data, i)  # [word as written, pages]
                    variant, i = _cbor_item(data, i)
                    found, i = _read_pages(data, i, part.fields)
                    variants.append((variant, found))
            except MALFORMED as exc:
                raise EditionError(path, f"word {word!r}: not Pagefind {FORMAT}x's index ({exc})") from exc
            yield word, part.offset, pages, variants


def _pages_bytes(lists: list[tuple[int, _Pages]]) -> bytes:
    """Pages of several parts (each with the part's offset) as one array, each page's number
    as the difference from the one before."""
    out, last, count = [], 0, 0
    for offset, pages in lists:
        for number, rest in zip(pages.numbers, pages.rests):
            out.append(b"\x83" + _encode(offset + number - last) + rest)
            last = offset + number
            count += 1
    return _head(4, count) + b"".join(out)


def _merged_word(word: str, found: list[tuple[str, int, _Pages, list]]) -> tuple[str, bytes, int]:
    """A word's entry over every part that has it, and how much of a chunk it fills."""
    variants: dict[str, list[tuple[int, _Pages]]] = {}
    for _, offset, _, own in found:
        for variant, pages in own:
            variants.setdefault(variant, []).append((offset, pages))
    entry = (
        b"\x83"
        + _encode(word)
        + _pages_bytes([(offset, pages) for _, offset, pages, _ in found])
        + _head(4, len(variants))
        + b"".join(b"\x82" + _encode(v) + _pages_bytes(lists) for v, lists in variants.items())
    )
    return word, entry, sum(pages.size for _, _, pages, _ in found)


# --------------------------------------------------------------------------- words under their search keys
# Pagefind keeps every word form as written; a query key (the stem the search script makes of a
# query word) matches every form it begins, and Pagefind scores each result page by going
# through every matching (form, page) entry: its time grows with the results times the forms.
# Keyed, the index holds each form's occurrences under the form's own search key (the stem
# the search script would make of it, core/search_key.py): one word per stem, one entry per
# page, the positions of all its forms together. The fragments keep the text as written, so
# excerpts and marks show the forms themselves.

WEIGHT = 25  # the weight Pagefind gives a word of the text (positions carry no marker for it)


def _locations(locs: list[int]) -> dict[int, int]:
    """Pagefind's packed positions of a word on a page as {position: weight}: a negative number
    -w-1 sets the weight w for what follows and is followed by an absolute position; the other
    numbers are the distance from the position before."""
    out, weight, last, i = {}, WEIGHT, 0, 0
    while i < len(locs):
        if locs[i] < 0:
            weight, last, i = -locs[i] - 1, locs[i + 1], i + 2
        else:
            last, i = last + locs[i], i + 1
        out[last] = max(weight, out.get(last, 0))  # a compound's parts share their word's position
    return out


def _packed_locations(found: dict[int, int]) -> list[int]:
    """{position: weight} packed as Pagefind packs them (the usual weight first, then by weight,
    each group in the order of the positions)."""
    out, weight, last = [], WEIGHT, 0
    for position, w in sorted(found.items(), key=lambda item: (0 if item[1] == WEIGHT else item[1], item[0])):
        if w != weight:
            out += [-w - 1, position]
            weight = w
        else:
            out.append(position - last)
        last = position
    return out


def _field_locations(locs: list[int]) -> set[tuple[int, int]]:
    """Pagefind's packed positions in metadata fields as {(field mark, position)}: a negative
    number is a field's mark, the numbers after it distances from the position before (from 0)."""
    out, field, last = set(), 0, 0
    for n in locs:
        if n < 0:
            field, last = n, 0
        else:
            last += n
            out.add((field, last))
    return out


def _packed_field_locations(found: set[tuple[int, int]]) -> list[int]:
    """{(field mark, position)} packed as Pagefind packs them (field by field, in their order)."""
    out, field, last = [], 0, 0
    for mark, position in sorted(found, key=lambda item: (-item[0], item[1])):
        if mark != field:
            out.append(mark)
            field, last = mark, 0
        out.append(position - last)
        last = position
    return out


def _page_rest(rests: list[bytes]) -> tuple[bytes, int]:
    """One page's entry (after its number) from the entries of the forms found there, and how
    much of a chunk it fills."""
    if len(rests) == 1:
        _, n, i = _cbor_head(rests[0], 0)
        _, m, _ = _cbor_head(rests[0], _skip_numbers(rests[0], i, n))
        return rests[0], n + m
    locations: dict[int, int] = {}
    fields: set[tuple[int, int]] = set()
    for rest in rests:
        locs, end = _decode(rest, 0)
        for position, weight in _locations(locs).items():
            locations[position] = max(weight, locations.get(position, 0))
        fields |= _field_locations(_decode(rest, end)[0])
    locs, marks = _packed_locations(locations), _packed_field_locations(fields)
    return _encode(locs) + _encode(marks), len(locs) + len(marks)


def _keyed_pages(pages: dict[int, list[bytes]]) -> tuple[bytes, int]:
    """A key's pages, {page number: the entries of its forms there}, as Pagefind's array of pages,
    and how much of a chunk they fill."""
    out, last, size = [], 0, len(pages)
    for number in sorted(pages):
        rest, filled = _page_rest(pages[number])
        out.append(b"\x83" + _encode(number - last) + rest)
        last, size = number, size + filled
    return _head(4, len(pages)) + b"".join(out), size


def without_diacritics(word: str) -> str:
    """A word as Pagefind indexes it: its letters' combining marks dropped (й → и, ё → е)."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.category(c).startswith("M"))


def _keyed_words(words: Iterator[tuple[str, list]], key: Callable[[str], str]) -> Iterator[tuple[str, bytes, int]]:
    """The merged words (in order) under their forms' search keys: (key, entry, how much of a
    chunk it fills), in the order of the keys. A key begins its forms, so the keys of the words
    that begin with one letter are all made once those words are read, and only they are held."""
    held: dict[str, dict[str | None, dict[int, list[bytes]]]] = {}
    letter = None

    def release():
        for word in sorted(held):
            forms = held[word]
            main, filled = _keyed_pages(forms.pop(None, {}))
            variants = b"".join(b"\x82" + _encode(form) + _keyed_pages(forms[form])[0] for form in sorted(forms))
            yield word, b"\x83" + _encode(word) + main + _head(4, len(forms)) + variants, filled
        held.clear()

    def slot(word: str, form: str) -> dict[int, list[bytes]]:
        stem = key(form)
        plain = without_diacritics(stem)
        if not plain or not word.startswith(plain):
            raise ValueError(f"the key {stem!r} of {form!r} does not begin it")
        return held.setdefault(plain, {}).setdefault(None if stem == plain else stem, {})

    for word, found in words:
        if word[:1] != letter:
            yield from release()
            letter = word[:1]
        slots: dict[str, dict[int, list[bytes]]] = {}  # a form's key is made once, not once a part
        for _, offset, pages, variants in found:
            for form, own in ((word, pages), *variants):
                into = slots.get(form)
                if into is None:
                    into = slots[form] = slot(word, form)
                for number, rest in zip(own.numbers, own.rests):
                    into.setdefault(offset + number, []).append(rest)
    yield from release()


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """The last word of a chunk and the first of the next, cut one letter past where they agree
    (Pagefind's names for a chunk's bounds)."""
    same = len(list(itertools.takewhile(lambda pair: pair[0] == pair[1], zip(a, b))))
    return a[: same + 1], b[: same + 1]


def _write_chunks(parts: list[_Part], output: Path, language: str, key: Callable[[str], str] | None = None) -> list[list[str]]:
    """The parts' words merged (under their search keys, given ``key``) and cut into chunks;
    returns the chunks' [from, to, file]."""
    chunks: list[list[str]] = []
    entries: list[bytes] = []
    first, size = "", 0

    def flush(last: str) -> None:
        data = b"\x81" + _head(4, len(entries)) + b"".join(entries)
        chunks.append([first, last, _named(output / "index", language, data, ".pf_index")])
        entries.clear()

    streams = heapq.merge(*(_words(part) for part in parts), key=lambda w: w[0])
    words = ((word, list(found)) for word, found in itertools.groupby(streams, key=lambda w: w[0]))
    merged = _keyed_words(words, key) if key else (_merged_word(word, found) for word, found in words)
    last, full = "", 0
    begun: list[str] = []  # the words before this one that begin it
    for word, entry, filled in merged:
        while begun and not word.startswith(begun[-1]):
            begun.pop()
        if size >= CHUNK_SIZE:
            full = full or size
            if not (size - full < DEFER and any(len(w) >= SHARED for w in begun)):
                flush(last)
                size = full = 0
        if not entries:
            first = word
        entries.append(entry)
        size += filled
        begun.append(word)
        last = word
    if entries:
        flush(last)
    for before, after in zip(chunks, chunks[1:]):
        before[1], after[0] = _prefixes(before[1], after[0])
    return chunks


def _merged_filters(parts: list[_Part], output: Path, language: str) -> list[list[str]]:
    """Each filter over every part (a value's pages, in order); returns the filters' [name, file]."""
    values: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        for name, file in part.meta[3]:
            _, found = _decoded(part.directory / "filter" / f"{file}.pf_filter")
            for value, pages in found:
                values.setdefault(name, {}).setdefault(value, []).extend(part.offset + p for p in pages)
    return [
        [name, _named(output / "filter", language, _encode([name, [[v, pages] for v, pages in sorted(found.items())]]), ".pf_filter")]
        for name, found in sorted(values.items())
    ]


def _moved_fragments(parts: list[_Part], output: Path, language: str) -> list[list]:
    """Every part's fragments moved into the merged index (renamed where a name is taken by
    another page's); returns the merged index's pages, [fragment, words, fragment group]."""
    pages = []
    for part in parts:
        for name, words, group in part.meta[1]:
            if group:  # Pagefind's --max-fragments, which the build never sets
                raise EditionError(part.directory, f"page {name!r} has its fragment in a group ({group!r}), which the merge does not move: index without max_fragments")
            source = part.directory / "fragment" / f"{name}.pf_fragment"
            target = output / "fragment" / f"{name}.pf_fragment"
            if target.exists():  # two parts' pages named alike (a short hash): name it anew
                name = _named(output / "fragment", language, read_file(source), ".pf_fragment")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(source, target)
            pages.append([name, words, ""])
    return pages


def merge_indexes(parts: list[Path], output: Path, key: Callable[[str], str] | None = None) -> dict:
    """Merge the indexes in ``parts`` (directories Pagefind wrote, in order) into one index in
    ``output`` (which holds no index yet), each word under its search key ``key(word)`` if
    given; returns the merged index's page count by language."""
    entries = [json.loads((part / ENTRY).read_text(encoding="utf-8")) for part in parts]
    languages = sorted({language for entry in entries for language in entry["languages"]})
    merged = {**entries[0], "languages": {}}
    for language in languages:
        found, offset = [], 0
        for directory, entry in zip(parts, entries):
            about = entry["languages"].get(language)
            if about is None:
                continue
            path = directory / f"pagefind.{about['hash']}.pf_meta"
            meta = _decoded(path)
            if not (isinstance(meta, list) and len(meta) == 6 and str(meta[0]).startswith(FORMAT)):
                raise EditionError(path, f"not the index of Pagefind {FORMAT}x, whose parts this build merges: install the pagefind that package.json pins (`make setup`)")
            if meta[4]:
                raise EditionError(path, "the index sorts its pages (data-pagefind-sort), which merging parts does not keep")
            found.append(_Part(directory, meta, offset))
            offset += len(meta[1])
        fields = sorted({field for part in found for field in part.meta[5]})
        for part in found:
            marks = {-1 - i: -1 - fields.index(field) for i, field in enumerate(part.meta[5])}
            part.fields = {old: new for old, new in marks.items() if old != new} or None
        pages = _moved_fragments(found, output, language)
        chunks = _write_chunks(found, output, language, key)
        filters = _merged_filters(found, output, language)
        meta = _encode([found[0].meta[0], pages, chunks, filters, [], fields])
        name = f"{language}_{hashlib.sha256(SIGNATURE + meta).hexdigest()[: len(language) + 8]}"
        _write_gz(output / f"pagefind.{name}.pf_meta", SIGNATURE + meta)
        merged["languages"][language] = {**entries[0]["languages"].get(language, {"wasm": None}), "hash": name, "page_count": len(pages)}
    (output / ENTRY).write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {language: about["page_count"] for language, about in merged["languages"].items()}
