"""Search in the real browser: a driver for the search box, and its latency.

`SearchBox` types a query into Material's search box (Playwright + Debian
chromium) and waits until the results of the *whole* query are on the page;
tests/publish/test_search_browser.py uses it to check the query table, and
`measure(site)` times it: from the last keystroke that changed the query (its
keyup, on which Material sends the query; see `SearchBox.search` for why that
may be an End key) to the moment
the results of the complete query are in the DOM, over every query of
tests/search_queries.yaml. `make bench` calls `measure`; on its own:

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

# Counts the messages exchanged with Material's search worker and notes when
# the results of each query are rendered and when the last keystroke that
# changed the query was released.
INIT_SCRIPT = """
(() => {
  const Original = window.Worker;
  const s = window.__searchProbe = { posted: 0, results: 0, renderedAt: 0, keyAt: 0, last: null };
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", ev => {
        if (ev.data && ev.data.type === 3) {       // RESULT
          s.results++;
          s.last = ev.data.data;
          setTimeout(() => { s.renderedAt = performance.now(); }, 0);  // after Material renders
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) s.posted++;  // QUERY, as forwarded to the worker
      return super.postMessage(message, ...rest);
    }
  };
  // Material queries on keyup when the value changed: that keystroke starts the clock.
  let value = "";
  document.addEventListener("keyup", ev => {
    if (ev.target && ev.target.value !== undefined && ev.target.value !== value) {
      value = ev.target.value;
      s.keyAt = ev.timeStamp;
    }
  }, true);
})();
"""

DONE = """
(query) => {
  const s = window.__searchProbe, e = window.EditionSearch && window.EditionSearch.state;
  return !!e && e.typed === query && e.received === e.forwarded
    && s.posted === e.forwarded && s.results === s.posted && s.renderedAt >= s.keyAt;
}
"""


@dataclass
class SearchResult:
    query: str
    rewritten: str
    pages: list[str]  # result pages shown, in order (site paths, e.g. "texts/002/kirispe/")
    all_pages: list[str]  # every result page the worker returned (shown as the reader scrolls)
    meta: str  # the result count line shown to the reader
    marks: list[str]  # the words highlighted in the results, lower-cased
    sources: list[str]  # the "which text" label of each result page
    latency_ms: float  # last keystroke → results in the DOM


class SearchBox:
    """Material's search box on a page of the served site."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_path = urlsplit(base_url).path
        page.add_init_script(INIT_SCRIPT)
        page.goto(base_url)
        self.input = page.locator("input.md-search__input")
        page.wait_for_function("() => window.EditionSearch && window.EditionSearch.state")

    def search(self, query: str, timeout_ms: float = 20_000) -> SearchResult:
        page = self.page
        self.input.click()
        self.input.press("Control+A")
        self.input.press("Delete")
        self.input.press_sequentially(query)
        # Playwright inserts letters outside the US layout (all of Kazakh and
        # Russian) as text, without key events; Material queries on keyup. A
        # final key (End) gives the keyup a reader's own last letter would.
        self.input.press("End")
        try:
            page.wait_for_function(DONE, arg=query, timeout=timeout_ms)
        except Exception as exc:  # say what the page was doing
            state = page.evaluate(
                """() => JSON.stringify({probe: {...window.__searchProbe, last: undefined},
                  edition: window.EditionSearch && window.EditionSearch.state,
                  value: document.querySelector("input.md-search__input").value,
                  meta: document.querySelector(".md-search-result__meta").textContent})"""
            )
            raise AssertionError(f"search for {query!r} did not finish: {state}") from exc
        data = page.evaluate(
            """() => {
              const s = window.__searchProbe;
              return {
                latency: s.renderedAt - s.keyAt,
                rewritten: window.EditionSearch.state.rewritten,
                meta: document.querySelector(".md-search-result__meta").textContent,
                links: [...document.querySelectorAll(".md-search-result__item > a.md-search-result__link:first-child")]
                  .map(a => a.href),
                marks: [...document.querySelectorAll(".md-search-result__list mark")]
                  .map(m => m.textContent.toLowerCase()),
                all: (s.last && s.last.items || []).map(group => {
                  const article = group.find(doc => !doc.location.includes("#")) || group[0];
                  return article.location.split("#")[0];
                }),
                sources: [...document.querySelectorAll(".md-search-result__item > a.md-search-result__link:first-child")]
                  .map(a => (a.querySelector(".edition-search-source") || {}).textContent || ""),
              };
            }"""
        )
        return SearchResult(
            query=query,
            rewritten=data["rewritten"],
            pages=[self._page_path(u) for u in data["links"]],
            all_pages=data["all"],
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


def measure(site: Path, rounds: int = 3) -> dict:
    """Median and 95th percentile of search latency over the query table, in ms."""
    from playwright.sync_api import sync_playwright

    queries = [q["query"] for q in load_queries()]
    samples: list[float] = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(locale="kk-KZ").new_page()
            box = SearchBox(page, base)
            box.search(queries[0])  # warm-up: the worker builds its index first
            for _ in range(rounds):
                for query in queries:
                    samples.append(box.search(query).latency_ms)
        finally:
            browser.close()
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 95),
        "max_ms": max(samples),
        "queries": len(queries),
        "samples": len(samples),
        "measured": "keyup of the last keystroke → results of the whole query in the DOM",
    }


def _build_site(out: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=ROOT, env=env, check=True, capture_output=True)


def main(argv: list[str]) -> int:
    if argv:
        print(json.dumps(measure(Path(argv[0])), indent=2))
        return 0
    with tempfile.TemporaryDirectory(prefix="search-site-") as tmp:
        _build_site(Path(tmp))
        print(json.dumps(measure(Path(tmp)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
