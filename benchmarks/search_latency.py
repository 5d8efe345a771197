"""Search in the real browser: a driver for the search box, and its latency.

`SearchBox` opens the edition's search dialog (the header's search button,
overrides/partials/search.html) in Debian chromium through Playwright, types a
query and waits until the results of the *whole* query are on the page;
tests/publish/test_search_browser.py uses it to check the query table, and
`measure(site)` times it over every query of tests/search_queries.yaml: from
the last keystroke (its `input` event) to the results in the DOM, as the search
script notes them (`window.EditionSearch.state`: inputAt, renderedAt). `make
bench` calls `measure` and `measure_transfer` (bytes and time of a first and a
second query); on its own:

    .venv/bin/python -m benchmarks.search_latency [SITE_DIR]

prints the numbers as JSON (SITE_DIR defaults to a fresh `mkdocs build`).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
QUERY_TABLE = ROOT / "tests" / "search_queries.yaml"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SUBPATH = "/kz-edition/"

# The page shows the results of `query`: the last query typed, every search asked for done.
DONE = """
(query) => {
  const s = window.EditionSearch && window.EditionSearch.state;
  return !!s && s.typed === query && s.started > 0 && s.completed === s.started;
}
"""

RESULTS = """
async (base) => {
  const s = window.EditionSearch.state;
  const datas = await Promise.all(s.results.map(r => r.data()));
  const list = document.querySelector(".edition-search__results");
  return {
    latency: s.renderedAt - s.inputAt,
    rewritten: s.rewritten + (s.error ? " (error: " + s.error + ")" : ""),
    meta: document.querySelector(".edition-search__status").textContent,
    links: [...list.querySelectorAll(".edition-search__link")].map(a => a.href),
    marks: [...list.querySelectorAll("mark")].map(m => m.textContent.toLowerCase()),
    all: datas.map(d => d.url),
    sources: [...list.querySelectorAll(".edition-search__link")]
      .map(a => (a.querySelector(".edition-search__source") || {}).textContent || ""),
  };
}
"""


@dataclass
class SearchResult:
    query: str
    rewritten: str
    pages: list[str]  # result pages shown, in order (site paths, e.g. "texts/002/kirispe/")
    all_pages: list[str]  # every result page the index returned, in order (shown as the reader asks for more)
    meta: str  # the result count line shown to the reader
    marks: list[str]  # the words highlighted in the results, lower-cased
    sources: list[str]  # the "which text" label of each result shown
    latency_ms: float  # last keystroke → results in the DOM


class SearchBox:
    """The edition's search dialog on a page of the served site, open."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_path = urlsplit(base_url).path
        page.goto(base_url)
        page.wait_for_function("() => window.EditionSearch && window.EditionSearch.state")
        self.open()

    def open(self) -> None:
        """Open the dialog with the header's button (as a reader does), unless it is open."""
        if not self.page.evaluate("() => !!document.querySelector('.edition-search__dialog[open]')"):
            self.page.locator(".edition-search__open").click()
        self.input = self.page.locator(".edition-search__input")
        self.input.wait_for(state="visible")

    def type(self, query: str) -> None:
        """Clear the box and type `query` key by key."""
        self.input.fill("")
        self.input.press_sequentially(query)

    def search(self, query: str, timeout_ms: float = 30_000) -> SearchResult:
        page = self.page
        self.open()
        self.type(query)
        try:
            page.wait_for_function(DONE, arg=query, timeout=timeout_ms)
        except Exception as exc:  # say what the page was doing
            state = page.evaluate(
                """() => JSON.stringify({state: {...window.EditionSearch.state, results: undefined},
                  value: document.querySelector(".edition-search__input").value,
                  status: document.querySelector(".edition-search__status").textContent})"""
            )
            raise AssertionError(f"search for {query!r} did not finish: {state}") from exc
        data = page.evaluate(RESULTS, self.base_path)
        return SearchResult(
            query=query,
            rewritten=data["rewritten"],
            pages=[self._page_path(u) for u in data["links"]],
            all_pages=[self._page_path(u) for u in data["all"]],
            meta=data["meta"],
            marks=sorted(set(data["marks"])),
            sources=data["sources"],
            latency_ms=data["latency"],
        )

    def _page_path(self, url: str) -> str:
        path = unquote(urlsplit(url).path)
        return path[len(self.base_path):] if path.startswith(self.base_path) else path


def load_queries(path: Path = QUERY_TABLE) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


@contextlib.contextmanager
def serve(site: Path):
    """Serve `site` on 127.0.0.1 under SUBPATH; yields the base URL."""
    with tempfile.TemporaryDirectory(prefix="search-web-") as tmp:
        (Path(tmp) / SUBPATH.strip("/")).symlink_to(Path(site).resolve(), target_is_directory=True)

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=tmp))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
        finally:
            server.shutdown()


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), linear interpolation between order statistics."""
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


LATENCY = """() => { const s = window.EditionSearch.state; return s.renderedAt - s.inputAt; }"""
# Where a query's time went (edition-search.js, state.steps): waited (for typing to pause),
# answered (Pagefind's search, from the pause to its answer), fragments (the shown results'),
# render (into the DOM), in ms; results: how many Pagefind found.
STEPS = """() => window.EditionSearch.state.steps"""
STEP_NAMES = ("waited", "answered", "fragments", "render", "results")


def _launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def _wait(page, query: str, timeout_ms: float = 60_000) -> float:
    """Wait until the page shows the results of `query`; the ms from its last keystroke."""
    page.wait_for_function(DONE, arg=query, timeout=timeout_ms)
    return page.evaluate(LATENCY)


def measure(site: Path, rounds: int = 3) -> dict:
    """Median and 95th percentile of search latency over the query table, in ms (one page,
    the index's chunks cached after their first use, as for a reader who goes on searching)."""
    from playwright.sync_api import sync_playwright

    queries = [q["query"] for q in load_queries()]
    samples: list[float] = []
    with serve(site) as base, sync_playwright() as p:
        browser = _launch(p)
        try:
            page = browser.new_context(locale="kk-KZ").new_page()
            box = SearchBox(page, base)
            box.type(queries[0])  # warm-up: Pagefind's script and WebAssembly load first
            _wait(page, queries[0])
            for _ in range(rounds):
                for query in queries:
                    box.type(query)
                    samples.append(_wait(page, query))
        finally:
            browser.close()
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 95),
        "max_ms": max(samples),
        "queries": len(queries),
        "samples": len(samples),
        "measured": "the last keystroke (input event) → results of the whole query in the DOM",
    }


def measure_transfer(site: Path, queries: list[str] | None = None) -> dict:
    """What a reader downloads and waits for: for each query of the table, in a fresh browser
    (empty cache) on the home page, the bytes transferred from opening the search to the
    results of that first query, and of a second query typed after it (the next one of the
    table); and the time from the last keystroke to the results in the DOM, for each."""
    from playwright.sync_api import sync_playwright

    queries = queries or [q["query"] for q in load_queries()]
    rows = []
    with serve(site) as base, sync_playwright() as p:
        browser = _launch(p)
        try:
            for i, first in enumerate(queries):
                second = queries[(i + 1) % len(queries)]
                context = browser.new_context(locale="kk-KZ")
                page = context.new_page()
                sizes: list[tuple[str, int]] = []

                def finished(request, sizes=sizes):
                    try:
                        size = request.sizes()
                    except Exception:  # the page went away
                        return
                    sizes.append((request.url, size["responseBodySize"] + size["responseHeadersSize"]))

                page.on("requestfinished", finished)
                page.goto(base, wait_until="networkidle")
                sizes.clear()  # the page itself: what every reader loads, searching or not
                page.locator(".edition-search__open").click()
                page.locator(".edition-search__input").press_sequentially(first)
                first_ms = _wait(page, first)
                first_steps = page.evaluate(STEPS)
                page.wait_for_timeout(50)  # the last responses' sizes arrive
                first_bytes = sum(n for _, n in sizes)
                first_requests = len(sizes)
                sizes.clear()
                page.locator(".edition-search__input").fill("")
                page.locator(".edition-search__input").press_sequentially(second)
                second_ms = _wait(page, second)
                page.wait_for_timeout(50)
                rows.append({
                    "first": first, "first_bytes": first_bytes, "first_requests": first_requests, "first_ms": first_ms,
                    "first_steps": {k: first_steps.get(k, 0) for k in STEP_NAMES},
                    "second": second, "second_bytes": sum(n for _, n in sizes), "second_ms": second_ms,
                })
                context.close()
        finally:
            browser.close()

    def summary(key: str) -> dict:
        values = [r[key] for r in rows]
        return {"median": statistics.median(values), "p95": percentile(values, 95), "max": max(values)}

    return {
        "queries": len(rows),
        "first_bytes": summary("first_bytes"),
        "first_ms": summary("first_ms"),
        "second_bytes": summary("second_bytes"),
        "second_ms": summary("second_ms"),
        "first_steps_median": {k: statistics.median(r["first_steps"][k] for r in rows) for k in STEP_NAMES},
        "heaviest_first": max(rows, key=lambda r: r["first_bytes"]),
        "slowest_first": max(rows, key=lambda r: r["first_ms"]),
        "rows": rows,
        "measured": "fresh browser per query; bytes = response bodies and headers as transferred "
        "(Python's http.server: no compression of the scripts), from opening the search to the results "
        "in the DOM; ms = last keystroke → results in the DOM",
    }


def index_size(site: Path) -> dict:
    """The search index on disk (site/pagefind/): bytes and files, and the largest file."""
    files = [p for p in (Path(site) / "pagefind").rglob("*") if p.is_file()]
    largest = max(files, key=lambda p: p.stat().st_size)
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "index_chunks": len(list((Path(site) / "pagefind" / "index").glob("*"))),
        "fragments": len(list((Path(site) / "pagefind" / "fragment").glob("*"))),
        "largest_file": str(largest.relative_to(site)),
        "largest_file_bytes": largest.stat().st_size,
    }


def _build_site(out: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)


def report(site: Path) -> dict:
    transfer = measure_transfer(site)
    transfer.pop("rows")
    return {"index": index_size(site), "latency": measure(site), "transfer": transfer}


def main(argv: list[str]) -> int:
    if argv:
        print(json.dumps(report(Path(argv[0])), indent=2, ensure_ascii=False))
        return 0
    with tempfile.TemporaryDirectory(prefix="search-site-") as tmp:
        _build_site(Path(tmp))
        print(json.dumps(report(Path(tmp)), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
