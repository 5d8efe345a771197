"""A Pagefind index read back as plain data, to compare two indexes (tests of
publish/index_files.py and publish/search_index.py).

Page numbers differ between two indexes of the same records; everything is given by the
pages' addresses instead.
"""

from __future__ import annotations

import bisect
import itertools
import json
from pathlib import Path

from build_tools.publish.index_files import ENTRY, SHARED, decode, read_file


def index_contents(bundle: Path) -> dict:
    """For each language: its pages (address → words, in the order of their numbers), chunks' bounds and words, words (word → (address
    → [positions, field positions]), variants), filters (name → value → addresses), metadata
    fields, sorts and version."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    out = {}
    for language, about in entry["languages"].items():
        meta = decode(read_file(bundle / f"pagefind.{about['hash']}.pf_meta"))
        assert all(group == "" for _, _, group in meta[1]), (bundle, "fragments in groups")
        urls = [json.loads(read_file(bundle / "fragment" / f"{name}.pf_fragment"))["url"] for name, _, _ in meta[1]]
        assert len(urls) == about["page_count"] == len(set(urls)), bundle

        def pages(entries: list) -> dict:
            number, found = 0, {}
            for delta, positions, fields in entries:
                number += delta
                found[urls[number]] = [positions, fields]
            return found

        words, held = {}, []
        for _, _, name in meta[2]:
            chunk = decode(read_file(bundle / "index" / f"{name}.pf_index"))[0]
            held.append([word for word, _, _ in chunk])
            for word, found, variants in chunk:
                assert word not in words, (bundle, word)
                words[word] = (pages(found), {variant: pages(p) for variant, p in variants})
        filters = {}
        for name, file in meta[3]:
            _, values = decode(read_file(bundle / "filter" / f"{file}.pf_filter"))
            filters[name] = {value: sorted(urls[p] for p in found) for value, found in values}
        out[language] = {
            "version": meta[0],
            "pages": {url: words for url, (_, words, _) in zip(urls, meta[1])},
            "chunks": [(first, last) for first, last, _ in meta[2]],
            "chunk_words": held,
            "words": words,
            "filters": filters,
            "sorts": meta[4],
            "fields": meta[5],
        }
    return out


def chunks_loaded(chunks: list[tuple[str, str]], term: str) -> list[int]:
    """The chunks the browser loads to search a query word (Pagefind 1.5.2, pagefind_web/src/lib.rs,
    ``request_indexes``; 1.6.0, whose source is not at hand, loads the same:
    test_words_at_the_edges_of_chunks_find_every_page_they_are_filed_on asks it in chromium):
    those whose bounds hold the word; if none does, those whose bounds, each cut to the word's
    length, hold it."""
    strict = [i for i, (first, last) in enumerate(chunks) if first <= term <= last]
    if strict:
        return strict
    return [
        i for i, (first, last) in enumerate(chunks)
        if term[: len(first)] >= first[: len(term)] and term[: len(last)] <= last[: len(term)]
    ]


def unfound(contents: dict) -> list[str]:
    """The words an indexed word of SHARED letters or more begins that a query for it would not
    find: the browser would not load their chunk (``contents``: an index's language)."""
    chunks, held = contents["chunks"], contents["chunk_words"]
    chunk_of = {word: i for i, words in enumerate(held) for word in words}
    ordered = sorted(chunk_of)
    missing = []
    for term in ordered:
        if len(term) < SHARED:
            continue
        loaded = set(chunks_loaded(chunks, term))
        start = bisect.bisect_left(ordered, term)
        for word in itertools.takewhile(lambda w: w.startswith(term), ordered[start:]):
            if chunk_of[word] not in loaded:
                missing.append(f"{term} loads chunks {sorted(loaded)}, not chunk {chunk_of[word]} {chunks[chunk_of[word]]}, which holds {word}")
    return missing
