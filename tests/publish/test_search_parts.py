"""A large edition's search index in parts (publish/search_index.py, ``split_parts``): each part
written by an indexer of its own, merged in the browser, and asked as one index would be
(edition-search.js ``find``).

The proof is the real edition indexed both ways: every query of tests/search_queries.yaml,
and pairs of words that some parts lack, find the same records in three or more parts as in
the one index the site ships.
"""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from benchmarks.search_latency import load_queries
from build_tools.publish import search_index
from build_tools.publish.search_index import (
    HOLDS_FILTER,
    PART_FILTER,
    PARTS_FILE,
    WORDS_DIR,
    Record,
    index_words,
    part_dir,
    searchable,
    split_parts,
)

# --------------------------------------------------------------------------- parts, in memory


def records(*sizes: int) -> list[Record]:
    return [Record(url=f"/r{i}/", html="<html><body><div data-pagefind-body>x</div></body></html>", chars=n) for i, n in enumerate(sizes)]


SPLITS = [
    # (record sizes, part size, the parts' sizes)
    ((), 10, [()]),  # nothing to index: one empty part
    ((3, 3, 3), 10, [(3, 3, 3)]),  # under the part size: one part (the real edition)
    ((5, 5, 5, 5), 10, [(5, 5), (5, 5)]),  # a part filled exactly
    ((4, 7, 2), 10, [(4,), (7, 2)]),  # the record that would overflow starts the next part
    ((2, 25, 2), 10, [(2,), (25,), (2,)]),  # a record longer than a part is a part of its own
    ((25,), 10, [(25,)]),
]


@pytest.mark.parametrize("sizes, part_chars, expected", SPLITS, ids=[str(c[0]) for c in SPLITS])
def test_records_are_split_into_parts_in_order(sizes, part_chars, expected):
    given = records(*sizes)
    parts = split_parts(given, part_chars)
    assert [tuple(r.chars for r in part) for part in parts] == [tuple(e) for e in expected]
    assert [r for part in parts for r in part] == given  # each record once, in its order
    for part in parts:
        assert sum(r.chars for r in part) <= part_chars or len(part) == 1


def test_a_record_carries_its_part_as_a_filter_inside_its_body():
    record = records(5)[0]
    tagged = record.in_part(3)
    assert f'<div data-pagefind-body><span data-pagefind-filter="{PART_FILTER}:3" hidden></span>x</div>' in tagged.html
    assert (tagged.url, tagged.chars) == (record.url, record.chars)
    bare = Record(url="/", html="<p>no body</p>", chars=1)
    assert bare.in_part(2) == bare


# --------------------------------------------------------------------------- the real edition, both ways


def filter_names(bundle) -> set[str]:
    """The names of the filters an index part holds (its filter files: [name, values])."""
    names = set()
    for path in (bundle / "filter").glob("*.pf_filter"):
        data = gzip.decompress(path.read_bytes())[len(search_index._SIGNATURE) :]
        names.add(search_index._cbor_item(data, 1)[0])
    return names


def fragment_urls(bundle, parts: int) -> dict[str, str]:
    """Every record's id (its fragment's name, as Pagefind's results give it) → its address."""
    urls = {}
    for number in range(1, parts + 1):
        for path in (part_dir(bundle, number) / "fragment").glob("*.pf_fragment"):
            data = gzip.decompress(path.read_bytes())[len(search_index._SIGNATURE) :]
            urls[path.stem] = json.loads(data)["url"]
    return urls


def test_the_real_edition_is_one_index_without_a_part_filter(built_site):
    bundle = built_site / "pagefind"
    assert json.loads((bundle / PARTS_FILE).read_text(encoding="utf-8")) == {"parts": 1}
    assert not list(bundle.glob("part-*"))
    assert PART_FILTER not in filter_names(bundle)


@pytest.fixture(scope="module")
def parted_site(built_site, tmp_path_factory):
    """The built site with its index rewritten in at least three parts."""
    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(built_site, site, symlinks=True)
    found, notes = search_index.site_records(site)
    total = sum(r.chars for r in found + notes)
    counts = search_index.build_search_index(site, part_chars=total // 3)
    assert counts["parts"] >= 3, counts
    return site, counts


def test_each_part_is_written_alone_and_the_first_is_the_bundle(parted_site):
    site, counts = parted_site
    bundle = site / "pagefind"
    parts = counts["parts"]
    assert json.loads((bundle / PARTS_FILE).read_text(encoding="utf-8")) == {"parts": parts, "words": f"{WORDS_DIR}/"}
    assert sorted(p.name for p in bundle.glob("part-*")) == sorted(f"part-{n}" for n in range(2, parts + 1))
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.*"))
    for number in range(1, parts + 1):
        part = part_dir(bundle, number)
        assert (part / "pagefind-entry.json").is_file() and list((part / "index").glob("*.pf_index")), part
        assert PART_FILTER in filter_names(part), part
        if number > 1:  # the script and its WebAssembly come from the first part only
            assert not list(part.glob("*.js")) and not list(part.glob("wasm.*")), part
    assert len(fragment_urls(bundle, parts)) == counts["records"] + counts["notes"]


def test_the_words_index_holds_each_part_s_words_as_a_query_can_find_them(parted_site):
    site, counts = parted_site
    bundle = site / "pagefind"
    words = bundle / WORDS_DIR
    assert filter_names(words) == {HOLDS_FILTER}
    assert not list(words.glob("*.js")) and not list(words.glob("wasm.*"))
    held = [{searchable(w) for w in index_words(part_dir(bundle, n))} - {""} for n in range(1, counts["parts"] + 1)]
    assert set(index_words(words)) == set().union(*held)
    assert all(held) and len(set().union(*held)) > max(len(h) for h in held)  # no part holds every word
    assert [searchable(w) for w in ("«самұрық", "кезеңдері№кезең", "саясат", "2005ж")] == ["", "кезеңдері", "саясат", "2005ж"]


def test_a_rebuild_in_fewer_parts_leaves_none_of_the_earlier_ones(parted_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(parted_site[0], site, symlinks=True)
    assert search_index.build_search_index(site)["parts"] == 1
    assert not list((site / "pagefind").glob("part-*"))
    assert json.loads((site / "pagefind" / PARTS_FILE).read_text(encoding="utf-8")) == {"parts": 1}


# Search keys that some parts lack: a part must not answer for the others alone, nor for a
# shorter word of its own (Pagefind's fallback: no word begins with жоқсөзбіз, the longest
# word it begins with is жоқ, which one index finds wherever it is; ақш alone: a part without
# АҚШ would answer with ақ of «Сондай-ақ»).
PAIRS = ["еаэс саясат", "шыұ мәскеу", "ресей астана", "интеграция саясат", "жоқсөзбіз саясат", "жоқсөзбіз", "ақш", "еаэс"]

FIND_ALL = """
async ([queries, rewrite]) => {
  const e = await window.EditionSearch.load();
  const out = {parts: e.parts, found: {}};
  for (const q of queries) {
    const keys = rewrite ? window.EditionSearch.rewriteQuery(q, e.stemmer).split(" ").filter(k => k.length > 1).join(" ") : q;
    const response = await window.EditionSearch.find(e, keys, {});
    out.found[q] = [keys, response.results.map(r => r.id)];
  }
  return out;
}
"""

# The words of the records `ids` that the search for `keys` matched (Pagefind's locations).
MATCHED = """
async ([keys, ids]) => {
  const e = await window.EditionSearch.load();
  const response = await window.EditionSearch.find(e, keys, {});
  const out = {};
  for (const r of response.results.filter(r => ids.includes(r.id))) {
    const d = await r.data();
    const words = d.content.split(/\\s+/);
    out[r.id] = d.locations.map(l => words[l]);
  }
  return out;
}
"""


def open_search(browser, url: str):
    context = browser.new_context(locale="kk-KZ")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    page.wait_for_function("() => window.EditionSearch && window.EditionSearch.find")
    return context, page, errors


def normal(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalnum())


@pytest.mark.browser
def test_the_parts_find_what_the_one_index_finds(browser, built_site, served_site, parted_site):
    """Every record the one index finds, the parts find; and a record only the parts find has a
    word for each key (a word that begins with it, or that it begins with). One index misses
    some: Pagefind loads one chunk of the index for a word, and the words that begin with it
    may run on into the next (ақш finds АҚШ, not ақша, in the one index of the real edition)."""
    from benchmarks.search_latency import serve

    site, counts = parted_site
    queries = [q["query"] for q in load_queries()] + PAIRS
    context, page, errors = open_search(browser, served_site)
    one = page.evaluate(FIND_ALL, [queries, True])
    context.close()
    assert not errors, errors
    one_urls = fragment_urls(built_site / "pagefind", 1)
    parted_urls = fragment_urls(site / "pagefind", counts["parts"])
    several = extra = 0
    with serve(site) as url:
        context, page, errors = open_search(browser, url)
        parted = page.evaluate(FIND_ALL, [queries, True])
        assert parted["parts"] == counts["parts"] and one["parts"] == 1
        for query, (keys, ids) in one["found"].items():
            expected = {one_urls[i] for i in ids}
            got = {parted_urls[i]: i for i in parted["found"][query][1]}
            assert parted["found"][query][0] == keys
            assert not expected - set(got), f"{query!r} (keys {keys!r}): the parts miss {sorted(expected - set(got))[:5]}"
            more = [got[u] for u in set(got) - expected]
            if more:
                matched = page.evaluate(MATCHED, [keys, more])
                for record, words in matched.items():
                    found = [normal(w) for w in words]
                    for key in keys.split():
                        assert any(w.startswith(key) or key.startswith(w) for w in found if w), (query, key, parted_urls[record], words)
                extra += len(more)
            several += len(keys.split()) > 1
        context.close()
    assert not errors, errors
    assert several >= len([p for p in PAIRS if " " in p])  # queries of several keys were asked
    assert all(ids for query, (_, ids) in one["found"].items() if query in PAIRS), "every pair finds records"
    print(f"{len(queries)} queries: {extra} records found by the parts only, each with its words")
