"""A large edition's search index in parts (publish/search_index.py, ``split_parts``): each part
written by an indexer of its own, then merged into one index (publish/index_files.py).

The proof is the real edition indexed both ways: its index merged from three or more parts is
the index the site ships, word for word, and in chromium every query of
tests/search_queries.yaml finds the same records, in the same order, with the same scores.
"""

from __future__ import annotations

import shutil

import pytest

from benchmarks.search_latency import load_queries
from build_tools.publish import search_index
from build_tools.publish.search_index import PARTS_DIR, Record, split_parts
from pagefind_index import index_contents, unfound

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


# --------------------------------------------------------------------------- the real edition, both ways


@pytest.fixture(scope="module")
def parted_site(built_site, tmp_path_factory):
    """The built site with its index rewritten from at least three parts."""
    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(built_site, site, symlinks=True)
    found, notes = search_index.site_records(site)
    total = sum(r.chars for r in found + notes)
    counts = search_index.build_search_index(site, part_chars=total // 3)
    assert counts["parts"] >= 3, counts
    return site, counts


def bundle_files(bundle) -> list[str]:
    """The bundle's files and folders, the metadata file (named by its hash) as one."""
    return sorted("*.pf_meta" if p.suffix == ".pf_meta" else p.name for p in bundle.iterdir())


def test_the_real_edition_is_indexed_in_one_part(built_site):
    bundle = built_site / "pagefind"
    assert not (bundle / PARTS_DIR).exists()
    found, notes = search_index.site_records(built_site)
    assert len(split_parts(found + notes)) == 1


def test_a_query_for_an_indexed_word_loads_every_word_it_begins(built_site):
    contents = index_contents(built_site / "pagefind")["kk"]
    assert len(contents["chunks"]) >= 2  # bounds to fall among words
    assert not unfound(contents)


def test_the_parts_merged_are_the_one_index(built_site, parted_site):
    site, counts = parted_site
    bundle = site / "pagefind"
    got, expected = index_contents(bundle), index_contents(built_site / "pagefind")
    assert got == expected
    assert list(got["kk"]["pages"]) == list(expected["kk"]["pages"])  # the same page order
    assert sum(len(language["pages"]) for language in got.values()) == counts["records"] + counts["notes"]
    # one bundle, as a small edition's: Pagefind's script beside one index, the parts gone
    assert not (bundle / PARTS_DIR).exists()
    assert bundle_files(bundle) == bundle_files(built_site / "pagefind")


def test_a_failed_merge_leaves_no_parts_behind(parted_site, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(parted_site[0], site, symlinks=True)

    def broken(parts, output, key=None):
        assert all(p.is_dir() for p in parts) and len(parts) >= 3
        raise OSError("disk full")

    monkeypatch.setattr(search_index, "merge_indexes", broken)
    found, notes = search_index.site_records(site)
    with pytest.raises(OSError, match="disk full"):
        search_index.build_search_index(site, part_chars=sum(r.chars for r in found + notes) // 3)
    assert not (site / "pagefind" / PARTS_DIR).exists()


FIND_ALL = """
async (queries) => {
  const e = await window.EditionSearch.load();
  const out = {};
  for (const q of queries) {
    const keys = window.EditionSearch.rewriteQuery(q, e.stemmer).split(" ").filter(k => k.length > 1).join(" ");
    const response = await e.pagefind.search(keys, {});
    const found = [];
    for (const r of response.results) found.push([(await r.data()).url, Math.round(r.score * 1e6)]);
    out[q] = [keys, found];
  }
  return out;
}
"""

# Keys that some parts lack (Pagefind falls back on the longest word a key begins with: a part
# alone would answer жоқсөзбіз with жоқ, and ақш with the ақ of «Сондай-ақ»).
PAIRS = ["еаэс саясат", "шыұ мәскеу", "ресей астана", "интеграция саясат", "жоқсөзбіз саясат", "жоқсөзбіз", "ақш", "еаэс"]


def search_all(browser, url: str, queries: list[str]) -> dict:
    context = browser.new_context(locale="kk-KZ")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    page.wait_for_function("() => window.EditionSearch && window.EditionSearch.load")
    found = page.evaluate(FIND_ALL, queries)
    context.close()
    assert not errors, errors
    return found


@pytest.mark.browser
def test_the_merged_index_answers_as_the_one_index(browser, served_site, parted_site):
    """Every reader query, and keys some parts lack: the same records, in the same order, with
    the same scores (to a millionth), by the index merged from parts as by the one index."""
    from benchmarks.search_latency import serve

    queries = [q["query"] for q in load_queries()] + PAIRS
    one = search_all(browser, served_site, queries)
    with serve(parted_site[0]) as url:
        merged = search_all(browser, url, queries)
    assert merged == one
    assert sum(1 for _, found in one.values() if found) >= len(queries) - 2, "the queries find records"
