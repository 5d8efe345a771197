"""A Pagefind index read back as plain data, to compare two indexes (tests of
publish/index_files.py and publish/search_index.py).

Page numbers differ between two indexes of the same records; everything is given by the
pages' addresses instead.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_tools.publish.index_files import ENTRY, decode, read_file


def index_contents(bundle: Path) -> dict:
    """For each language: its pages (address → words, in the order of their numbers), chunks' bounds, words (word → (address
    → [positions, field positions]), variants), filters (name → value → addresses), metadata
    fields, sorts and version."""
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    out = {}
    for language, about in entry["languages"].items():
        meta = decode(read_file(bundle / f"pagefind.{about['hash']}.pf_meta"))
        urls = [json.loads(read_file(bundle / "fragment" / f"{name}.pf_fragment"))["url"] for name, _ in meta[1]]
        assert len(urls) == about["page_count"] == len(set(urls)), bundle

        def pages(entries: list) -> dict:
            number, found = 0, {}
            for delta, positions, fields in entries:
                number += delta
                found[urls[number]] = [positions, fields]
            return found

        words = {}
        for _, _, name in meta[2]:
            for word, found, variants in decode(read_file(bundle / "index" / f"{name}.pf_index"))[0]:
                assert word not in words, (bundle, word)
                words[word] = (pages(found), {variant: pages(p) for variant, p in variants})
        filters = {}
        for name, file in meta[3]:
            _, values = decode(read_file(bundle / "filter" / f"{file}.pf_filter"))
            filters[name] = {value: sorted(urls[p] for p in found) for value, found in values}
        out[language] = {
            "version": meta[0],
            "pages": {url: words for url, (_, words) in zip(urls, meta[1])},
            "chunks": [(first, last) for first, last, _ in meta[2]],
            "words": words,
            "filters": filters,
            "sorts": meta[4],
            "fields": meta[5],
        }
    return out

