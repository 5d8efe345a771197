"""Pagefind's index files (publish/index_files.py): CBOR as Pagefind writes it, and parts merged
into one index.

The proof of a merge is Pagefind itself: the same records are indexed once as one index and
once in parts, and the merged parts must be that one index, page for page, word for word
(tests/pagefind_index.py reads both). The cases are synthetic, each built to reach one rule
of the format; the real edition merged from parts is tested in test_search_parts.py.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from build_tools.core.errors import EditionError
from build_tools.core.search_key import index_key
from build_tools.publish import index_files, search_index
from build_tools.publish.index_files import CHUNK_SIZE, ENTRY, SIGNATURE, decode, merge_indexes, read_file
from build_tools.publish.search_index import Record
from pagefind_index import index_contents, unfound

# --------------------------------------------------------------------------- CBOR

VALUES = [0, 1, 23, 24, 255, 256, 65_535, 65_536, 2**32, -1, -24, -25, -256, -257, "", "саясат", "ШЫҰ-ның",
          [], [0, [-25, 28], []], [["0", "licensed", "kk_291c481"]], True, False, None]


@pytest.mark.parametrize("value", VALUES, ids=[repr(v) for v in VALUES])
def test_cbor_round_trip(value):
    data = index_files._encode(value)
    assert decode(data) == value
    assert index_files._cbor_item(data, 0)[1] == len(data)  # the skipper agrees where it ends


@pytest.mark.parametrize("number, size", [(23, 1), (24, 2), (255, 2), (256, 3), (65_535, 3), (65_536, 5), (2**32, 9)])
def test_numbers_take_their_shortest_head(number, size):
    assert len(index_files._encode(number)) == size  # as Pagefind (minicbor) writes them


def test_trailing_bytes_are_not_an_item():
    with pytest.raises(ValueError, match="1 bytes after"):
        decode(index_files._encode([1]) + b"\x00")


# --------------------------------------------------------------------------- merging, case by case


def record(url: str, text: str, filters=(), meta=(), sort=()) -> Record:
    spans = "".join(f'<span data-pagefind-filter="{k}:{v}" hidden></span>' for k, v in filters)
    spans += "".join(f'<span data-pagefind-meta="{k}:{v}" hidden></span>' for k, v in meta)
    spans += "".join(f'<span data-pagefind-sort="{k}:{v}" hidden></span>' for k, v in sort)
    html = f'<html lang="kk"><body><div data-pagefind-body>{spans}<p>{text}</p></div></body></html>'
    return Record(url=url, html=html, chars=len(text))


def write(records: list[Record], output) -> None:
    """Index ``records`` into ``output`` (in a thread: Playwright's tests keep an event loop running)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(search_index._write_part(records, output))).result()


def many_words(parts: int, records: int, words: int, seed: int = 3) -> list[list[Record]]:
    """Parts of records drawn from one vocabulary, enough for several chunks."""
    rng = random.Random(seed)
    # letters only (Pagefind indexes a word with digits in it also as its parts): sozb … sozn
    # begin 144 words each, so a chunk's bound may fall among them
    letters = "bcdfghjklmnp"
    vocabulary = [f"soz{a}{b}{c}" for a in letters for b in letters for c in letters] + [f"soz{a}" for a in letters]
    vocabulary += ["саясат", "саясаттың", "ынтымақтастық"]
    return [
        [record(f"/p{p}/r{r:03d}/", " ".join(rng.choice(vocabulary) for _ in range(words)), filters=[("kind", "text")]) for r in range(records)]
        for p in range(parts)
    ]


CASES = {
    # a word in every part: its pages follow on from part to part
    "a word in every part": [
        [record("/a/", "саясат және экономика"), record("/b/", "сыртқы саясат")],
        [record("/c/", "саясаттың экономикасы саясат")],
        [record("/d/", "экономика")],
    ],
    # a metadata field only one part has: the other's field marks are renumbered
    "a field one part lacks": [
        [record("/t/", "ШЫҰ саммиті өтті", meta=[("title", "Саммит")])],
        [record("/g/", "ШЫҰ Шанхай ынтымақтастық ұйымы", meta=[("acronyms", "ШЫҰ"), ("title", "ШЫҰ")])],
    ],
    # words kept without their diacritics, with their written forms as variants
    "variants in two parts": [
        [record("/1/", "қайта айтылды Ёлка")],
        [record("/2/", "қайтадан айтылған қайта")],
    ],
    # filter values, some in one part only
    "filters": [
        [record("/x/", "шарт", filters=[("kind", "text"), ("text", "Б")]), record("/y/", "шарт", filters=[("kind", "glossary")])],
        [record("/z/", "шарттың", filters=[("kind", "text"), ("text", "А"), ("language", "ru")])],
    ],
    # more words than a chunk holds, the same words in every part
    "several chunks": many_words(3, 40, 300),
}


_WRITTEN: dict[int, Path] = {}  # a case (by its records' list) → where Pagefind indexed it


@pytest.fixture(scope="module", autouse=True)
def _indexed_once(tmp_path_factory):
    """Pagefind indexes each case once in this module (it is the slow part); a test merges a
    copy of the parts."""
    _WRITTEN["store"] = tmp_path_factory.mktemp("indexed")
    yield
    _WRITTEN.clear()


def built(tmp_path, parts: list[list[Record]], key=None):
    """The records indexed as one index, and in parts merged (under their keys, given ``key``);
    returns the two bundles."""
    source = _WRITTEN.get(id(parts))
    if source is None:
        source = _WRITTEN["store"] / str(len(_WRITTEN))
        write([r for part in parts for r in part], source / "one")
        for number, part in enumerate(parts, start=1):
            write(part, source / "parts" / str(number))
        _WRITTEN[id(parts)] = source
    shutil.copytree(source / "parts", tmp_path / "parts")  # the merge moves the parts' fragments
    merged = tmp_path / "merged"
    merged.mkdir()
    merge_indexes([tmp_path / "parts" / str(n) for n in range(1, len(parts) + 1)], merged, key=key)
    return source / "one", merged


def reaches_its_rule(name: str, tmp_path, contents: dict) -> bool:
    """Whether a case holds what it is meant to test (else it could pass for want of it);
    ``contents``: the merged index's language (tests/pagefind_index.py)."""
    if name == "a field one part lacks":
        fields = [decode(read_file(next((tmp_path / "parts" / n).glob("*.pf_meta"))))[5] for n in "12"]
        return fields[0] != fields[1] and contents["fields"] == sorted(set(fields[0]) | set(fields[1]))
    if name == "variants in two parts":
        return any(variants for _, variants in contents["words"].values())
    if name == "several chunks":
        size = sum(len(pages) + sum(len(p) + len(f) for p, f in pages.values()) for pages, _ in contents["words"].values())
        return len(contents["chunks"]) >= 2 and size >= CHUNK_SIZE
    if name == "filters":
        return len(contents["filters"]) == 3
    return len([w for w, (pages, _) in contents["words"].items() if len(pages) >= 3]) >= 1


@pytest.mark.parametrize("name", CASES)
def test_merged_parts_are_the_one_index(tmp_path, name):
    parts = CASES[name]
    one, merged = built(tmp_path, parts)
    expected, got = index_contents(one), index_contents(merged)
    # the same words, pages and positions …
    assert {k: v for k, v in got["kk"].items() if k not in ("chunks", "chunk_words")} == {k: v for k, v in expected["kk"].items() if k not in ("chunks", "chunk_words")}
    assert got.keys() == expected.keys()
    # … in chunks cut where Pagefind cuts them, but never among the words an indexed word begins
    assert [w for words in got["kk"]["chunk_words"] for w in words] == [w for words in expected["kk"]["chunk_words"] for w in words]
    assert not unfound(got["kk"])
    assert list(got["kk"]["pages"]) == list(expected["kk"]["pages"])  # the same page order
    assert sum(len(language["pages"]) for language in got.values()) == sum(len(p) for p in parts)
    assert reaches_its_rule(name, tmp_path, got["kk"]), name


def test_pagefind_s_own_cut_loses_words_a_query_word_begins(tmp_path):
    """What the cut mends: in Pagefind's one index of the case with several chunks, a word that
    begins words on both sides of a chunk's bound loads one chunk, and a query for it finds
    only the words in that one."""
    one, merged = built(tmp_path, CASES["several chunks"])
    assert unfound(index_contents(one)["kk"])
    assert not unfound(index_contents(merged)["kk"])


def test_words_too_many_for_one_chunk_are_cut_all_the_same(tmp_path, monkeypatch):
    """A chunk is held open for the words a word begins only so far (DEFER): with chunks of 500
    and a deferral of 1,000, the words sozb … sozn begin outgrow it, and are cut among them."""
    monkeypatch.setattr(index_files, "CHUNK_SIZE", 500)
    monkeypatch.setattr(index_files, "DEFER", 1_000)
    _, merged = built(tmp_path, CASES["several chunks"])
    got = index_contents(merged)["kk"]

    def size(word: str) -> int:  # Pagefind's measure of a word's entry
        pages, _ = got["words"][word]
        return len(pages) + sum(len(positions) + len(fields) for positions, fields in pages.values())

    largest = max(size(word) for word in got["words"])
    assert all(sum(size(w) for w in held) <= 500 + 1_000 + 2 * largest for held in got["chunk_words"])
    assert unfound(got)  # the price: a query for sozb … may miss some of them


def two_parts(tmp_path, *parts: list[Record]):
    paths = []
    for number, part in enumerate(parts, start=1):
        write(part, tmp_path / str(number))
        paths.append(tmp_path / str(number))
    (tmp_path / "out").mkdir()
    return paths, tmp_path / "out"


def test_a_fragment_name_two_parts_share_is_made_unique(tmp_path):
    parts = CASES["a word in every part"]
    one = tmp_path / "one"
    write([r for part in parts for r in part], one)
    paths, merged = two_parts(tmp_path, *parts)
    first, second = paths[:2]
    taken = next((first / "fragment").glob("*.pf_fragment")).stem
    # the second part's fragment renamed to the first part's name, as a short hash could collide
    meta_path = next(second.glob("*.pf_meta"))
    meta = decode(read_file(meta_path))
    own = meta[1][0][0]
    (second / "fragment" / f"{own}.pf_fragment").rename(second / "fragment" / f"{taken}.pf_fragment")
    meta[1][0][0] = taken
    meta_path.write_bytes(gzip.compress(SIGNATURE + index_files._encode(meta)))
    merge_indexes(paths, merged)
    assert index_contents(merged) == index_contents(one)
    assert len(list((merged / "fragment").glob("*.pf_fragment"))) == sum(len(p) for p in parts)


# --------------------------------------------------------------------------- what a merge refuses


def test_an_index_of_another_pagefind_is_refused_by_its_file(tmp_path):
    paths, out = two_parts(tmp_path, [record("/a/", "саясат")], [record("/b/", "саясат")])
    meta_path = next(paths[1].glob("*.pf_meta"))
    meta = decode(read_file(meta_path))
    meta[0] = "2.0.0"
    meta_path.write_bytes(gzip.compress(SIGNATURE + index_files._encode(meta)))
    with pytest.raises(EditionError, match=f"not the index of Pagefind {re.escape(index_files.FORMAT)}") as caught:
        merge_indexes(paths, out)
    assert str(meta_path) in str(caught.value)


def test_fragments_in_groups_are_refused(tmp_path):
    """Pagefind 1.6 bundles fragments into shared files when given max_fragments; the merge moves
    fragments one by one, so a part whose page names a group is refused, not merged half."""
    paths, out = two_parts(tmp_path, [record("/a/", "саясат")], [record("/b/", "саясат")])
    meta_path = next(paths[1].glob("*.pf_meta"))
    meta = decode(read_file(meta_path))
    assert [group for _, _, group in meta[1]] == [""]  # what the build's indexer writes
    meta[1][0][2] = "kk_1234567"
    meta_path.write_bytes(gzip.compress(SIGNATURE + index_files._encode(meta)))
    with pytest.raises(EditionError, match="in a group") as caught:
        merge_indexes(paths, out)
    assert str(paths[1]) in str(caught.value)


def test_sorted_pages_are_refused(tmp_path):
    paths, out = two_parts(tmp_path, [record("/a/", "саясат", sort=[("year", "1991")])], [record("/b/", "саясат")])
    with pytest.raises(EditionError, match="sorts its pages"):
        merge_indexes(paths, out)


def test_a_file_without_pagefind_s_signature_is_named(tmp_path):
    paths, out = two_parts(tmp_path, [record("/a/", "саясат")], [record("/b/", "саясат")])
    chunk = next((paths[0] / "index").glob("*.pf_index"))
    chunk.write_bytes(gzip.compress(b"not an index"))
    with pytest.raises(EditionError, match="no signature") as caught:
        merge_indexes(paths, out)
    assert str(chunk) in str(caught.value)


def test_the_entry_names_the_merged_metadata(tmp_path):
    parts = CASES["filters"]
    one, merged = built(tmp_path, parts)
    entry, expected = (json.loads((b / ENTRY).read_text(encoding="utf-8")) for b in (merged, one))
    assert entry.keys() == expected.keys() and entry["version"] == expected["version"]
    assert entry["languages"]["kk"]["page_count"] == expected["languages"]["kk"]["page_count"]
    assert (merged / f"pagefind.{entry['languages']['kk']['hash']}.pf_meta").is_file()
    assert len(list(merged.glob("*.pf_meta"))) == 1


def test_a_chunk_of_another_shape_is_named_with_its_word(tmp_path):
    paths, out = two_parts(tmp_path, [record("/a/", "саясат")], [record("/b/", "саясат")])
    chunk = next((paths[1] / "index").glob("*.pf_index"))
    words = decode(read_file(chunk))
    words[0][0][1][0].append(7)  # a page of four fields
    chunk.write_bytes(gzip.compress(SIGNATURE + index_files._encode(words)))
    with pytest.raises(EditionError, match=f"word 'саясат': not Pagefind {re.escape(index_files.FORMAT)}") as caught:
        merge_indexes(paths, out)
    assert str(chunk) in str(caught.value)


# --------------------------------------------------------------------------- words under their search keys
# A keyed index (merge_indexes with a key) files each form's occurrences under the form's key.
# The proof is Pagefind's own index of the same records, regrouped here by the forms' keys:
# every (form, page, position, weight) must be under its key, and nothing else.

FORMS = [
    [record("/r/", "Ресейдің саясаты</p><h2>Ресей мен Қытай саясатқа</h2><p>ШЫҰ-ның саммиті, Ресей-дің және саясат")],
    [record("/s/", "Саясаттың ұйымы ресейлік", meta=[("title", "Саясатқа сөз")]), record("/t/", "ынтымақтастық ынтымақтастығы Ёлка")],
]
KEYED = {**CASES, "forms of one stem": FORMS}


def unpacked(locs: list[int]) -> dict[int, int]:
    """Pagefind's positions of a word on a page ([distance, …, -weight-1, position, distance, …])
    as {position: weight}."""
    found, weight, at, marked = {}, 25, 0, False
    for n in locs:
        if n < 0:
            weight, marked = -n - 1, True
            continue
        at = n if marked else at + n
        marked = False
        found[at] = max(found.get(at, 0), weight)
    return found


def unpacked_fields(locs: list[int]) -> set[tuple[int, int]]:
    """Pagefind's positions in metadata fields ([-field-1, distance, …]) as {(field, position)}."""
    found, field, at = set(), None, 0
    for n in locs:
        if n < 0:
            field, at = -n - 1, 0
        else:
            at += n
            found.add((field, at))
    return found


def by_key(words: dict, key) -> dict:
    """An index's words (tests/pagefind_index.py) regrouped as a keyed index holds them: key as
    indexed → form as written with its diacritics (None: as indexed) → address → (positions,
    field positions)."""
    out: dict = {}
    for word, (pages, variants) in words.items():
        for form, found in [(word, pages), *variants.items()]:
            stem = key(form)
            plain = index_files.without_diacritics(stem)
            slot = out.setdefault(plain, {}).setdefault(None if stem == plain else stem, {})
            for url, (locs, fields) in found.items():
                positions, field_positions = slot.setdefault(url, ({}, set()))
                for at, weight in unpacked(locs).items():
                    positions[at] = max(weight, positions.get(at, 0))
                field_positions |= unpacked_fields(fields)
    return out


@pytest.mark.parametrize("name", KEYED)
def test_every_form_is_filed_under_its_search_key(tmp_path, name):
    one, merged = built(tmp_path, KEYED[name], key=index_key)
    expected, got = index_contents(one)["kk"], index_contents(merged)["kk"]
    assert by_key(got["words"], lambda word: word) == by_key(expected["words"], index_key)
    # the pages, their fragments, filters and fields are the index's own
    assert {k: v for k, v in got.items() if k not in ("words", "chunks", "chunk_words")} == {k: v for k, v in expected.items() if k not in ("words", "chunks", "chunk_words")}
    assert not unfound(got)


def test_the_forms_case_reaches_every_rule(tmp_path):
    """The forms of one stem on one page, in the text and in a heading (another weight), a
    compound's parts at one position, a key with diacritics (й) and a metadata field."""
    one, _ = built(tmp_path, FORMS, key=index_key)
    words = index_contents(one)["kk"]["words"]
    regrouped = by_key(words, index_key)
    forms: dict = {}  # (key, address) → the forms found there
    at_one_place: dict = {}  # (key, address, position) → the forms found there (a compound's parts)
    for word, (pages, variants) in words.items():
        for form, found in [(word, pages), *variants.items()]:
            key = index_files.without_diacritics(index_key(form))
            for url, (locs, _) in found.items():
                forms.setdefault((key, url), set()).add(form)
                for at in unpacked(locs):
                    at_one_place.setdefault((key, url, at), set()).add(form)
    assert {"саясат", "ресеи"} <= {key for (key, _), found in forms.items() if len(found) >= 2}
    assert {key for (key, _, _), found in at_one_place.items() if len(found) >= 2} == {"ресеи"}  # Ресей-дің
    assert "ресей" in regrouped["ресеи"]  # the key as written, a variant of the key indexed
    assert any(w != 25 for slot in regrouped.values() for pages in slot.values() for positions, _ in pages.values() for w in positions.values())
    assert any(fields for slot in regrouped.values() for pages in slot.values() for _, fields in pages.values())
