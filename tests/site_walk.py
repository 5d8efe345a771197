"""One walk over every page of the built site in Debian chromium, shared by the checks that need
every page: requests and console errors (publish/test_browser_requests.py), axe-core
(publish/test_accessibility.py) and tables at a phone's and a laptop's width
(publish/test_tables_browser.py).

Loading a page costs more than checking it, so each page is loaded once, under the site's
sub-path, and everything is gathered; each test then asserts on its part of the record. The
walk runs in the background from the start of the test session (conftest.py, `SiteSession`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# axe.run options: every rule axe has (WCAG 2.x A/AA and best practices); only violations
# are returned. Nothing is disabled (see publish/test_accessibility.py before adding anything).
AXE_OPTIONS = {"resultTypes": ["violations"]}
TABLE_WIDTHS = (390, 1366)
VIEWPORT = {"width": 1366, "height": 900}

RUN_AXE = """async (options) => {
    const result = await axe.run(document, options);
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
        nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
    }));
}"""

CHECK_TABLES = r"""() => {
    const out = [];
    const px = v => Math.round(v);
    const toc = document.querySelector('.md-sidebar--secondary');
    const tocBox = toc && getComputedStyle(toc).display !== 'none' && toc.getBoundingClientRect().width > 0
        ? toc.getBoundingClientRect() : null;
    const tables = [...document.querySelectorAll('article table')];
    tables.forEach((table, i) => {
        const name = `table ${i + 1} (${table.id ? '#' + table.id : table.className || 'no class'})`;
        // 1. computed styles of the cells and everything in them
        const bad = new Set();
        for (const el of table.querySelectorAll('th, td, th *, td *')) {
            const cs = getComputedStyle(el);
            if (cs.wordBreak !== 'normal' || cs.overflowWrap !== 'normal' || cs.hyphens === 'auto') {
                bad.add(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}: ` +
                        `word-break ${cs.wordBreak}, overflow-wrap ${cs.overflowWrap}, hyphens ${cs.hyphens}`);
            }
        }
        [...bad].slice(0, 3).forEach(b => out.push(`${name}: may break inside a word: ${b}`));
        // 2. no word drawn on two lines
        const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        let split = 0, example = '';
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            // a text drawn on one line has no word on two: only the others are read word by word
            range.selectNodeContents(node);
            const nodeLines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => px(r.top)));
            if (nodeLines.size < 2) continue;
            const re = /[^\s\u00a0]+/g;
            let m;
            while ((m = re.exec(node.textContent))) {
                if (/[-\u2010\u2011\u2013\u2014/]/.test(m[0])) continue;  // may break after a hyphen or slash
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => px(r.top)));
                if (lines.size > 1) { split++; example = example || m[0]; }
            }
        }
        if (split) out.push(`${name}: ${split} word(s) drawn on two lines, e.g. "${example}"`);
        // 3. in a scroll box that scrolls when the table is wider
        const box = table.closest('.md-typeset__scrollwrap');
        if (!box) { out.push(`${name}: not in a scroll box (.md-typeset__scrollwrap)`); return; }
        const t = table.getBoundingClientRect(), b = box.getBoundingClientRect();
        const overflowX = getComputedStyle(box).overflowX;
        if (t.right > b.right + 1) {
            if (!['auto', 'scroll'].includes(overflowX) || box.scrollWidth <= box.clientWidth) {
                out.push(`${name}: runs ${px(t.right - b.right)}px past its box, which does not scroll ` +
                         `(overflow-x ${overflowX}, scrollWidth ${box.scrollWidth}, clientWidth ${box.clientWidth})`);
            }
        }
        // 4. what shows of it stays left of the table of contents
        const visibleRight = Math.min(t.right, b.right);
        if (tocBox && visibleRight > tocBox.left + 1) {
            out.push(`${name}: runs ${px(visibleRight - tocBox.left)}px under the table of contents`);
        }
    });
    return {count: tables.length, problems: out};
}"""


LOCAL_SCHEMES = ("data:", "blob:", "about:")
# After `load` a page may still fetch (search index, worker, lunr): wait until no request has
# been under way for QUIET_SECONDS, at most SETTLE_SECONDS, then leave (what is still loading is
# aborted; the search test waits for the search worker in full).
SETTLE_SECONDS = 1.0
QUIET_SECONDS = 0.3


def _is_local(url: str) -> bool:
    return url.startswith(LOCAL_SCHEMES) or urlsplit(url).hostname == "127.0.0.1"


@dataclass
class Visit:
    """What the browser did while the current page loaded."""

    outside: list[str] = field(default_factory=list)  # requests to other hosts (aborted)
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # local responses >= 400, failed requests

    def problems(self, page_url: str) -> list[str]:
        out = [f"{page_url}: request to an outside host: {u}" for u in dict.fromkeys(self.outside)]
        out += [f"{page_url}: console error: {e}" for e in self.console_errors]
        out += [f"{page_url}: {f}" for f in self.failed]
        return out


def make_visitor(context):
    """A page in ``context`` that blocks and records every request leaving 127.0.0.1.

    Returns ``visit(url, expect_status=200) -> Visit``, with ``visit.page`` and ``visit.leave()``.
    """
    state = {"visit": Visit()}

    def block(route):
        state["visit"].outside.append(route.request.url)
        route.abort("blockedbyclient")

    context.route(lambda url: not _is_local(url), block)

    def on_request(request):
        state["visit"].requests.append(request.url)
        if not _is_local(request.url) and request.url not in state["visit"].outside:
            state["visit"].outside.append(request.url)  # seen but not routed (e.g. from a worker)

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            state["visit"].failed.append(f"HTTP {response.status} for {response.url}")

    def on_failed(request):
        if request.failure == "net::ERR_ABORTED":
            return  # cancelled by the browser itself (the page was left): nothing is broken
        if _is_local(request.url):
            state["visit"].failed.append(f"request failed: {request.url} ({request.failure})")

    def on_console(message):
        if message.type == "error":
            state["visit"].console_errors.append(f"{message.text} [{message.location.get('url', '')}]")

    def on_page_error(error):
        state["visit"].console_errors.append(f"uncaught: {error}")

    pending, last_activity = set(), [0.0]

    def on_request_pending(request):
        pending.add(request)
        last_activity[0] = time.monotonic()

    def on_request_done(request):
        pending.discard(request)
        last_activity[0] = time.monotonic()

    context.on("request", on_request)
    context.on("request", on_request_pending)
    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    context.on("requestfailed", on_request_done)
    context.on("requestfinished", on_request_done)
    page = context.new_page()
    page.on("console", on_console)
    page.on("pageerror", on_page_error)

    def leave() -> None:
        """Leave the page (what it still loads is aborted, not counted as broken), if not left."""
        if page.url == "about:blank":
            return
        page.goto("about:blank")
        page.wait_for_timeout(10)  # deliver the last events of the page left

    def visit(url: str, expect_status: int = 200, after_load=None) -> Visit:
        """Load the page; run ``after_load(page)`` (checks that need no settled page); let it settle."""
        leave()
        state["visit"] = current = Visit()
        response = page.goto(url, wait_until="load")
        assert response is not None and response.status == expect_status, (url, response and response.status)
        if after_load is not None:
            after_load(page)  # while the search worker still loads: the two overlap
        # let what the scripts start after `load` settle (see SETTLE_SECONDS)
        deadline = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < deadline:
            if not pending and time.monotonic() - last_activity[0] > QUIET_SECONDS:
                break
            page.wait_for_timeout(25)
        return current

    visit.page = page
    visit.leave = leave
    return visit


def run_axe(page) -> list[dict]:
    """axe-core's violations on the page as it stands."""
    assert AXE.is_file(), f"{AXE} is missing: run `make setup` (npm ci installs axe-core)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, AXE_OPTIONS)


def page_paths(site: Path) -> list[str]:
    """Every page of the site, as a path under the site's root ("" for the home page), 404.html aside."""
    out = []
    for path in sorted(Path(site).rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel == "404.html":
            continue  # shown for a missing address: checked where it is served as such
        out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return out


@dataclass
class PageRecord:
    """What one page did and showed: its visit, axe's violations, its tables at each width."""

    visit: Visit
    axe: list[dict]
    tables: dict[int, dict] = field(default_factory=dict)  # width -> {count, problems}; pages with tables


def walk_site(browser, site: Path, base_url: str) -> dict[str, PageRecord]:
    """Load every page once (at 1366 px) and gather the requests, axe's violations and the tables."""
    context = browser.new_context(locale="kk-KZ", service_workers="block", viewport=VIEWPORT)
    visit = make_visitor(context)
    records: dict[str, PageRecord] = {}
    try:
        for rel in page_paths(site):
            html = (Path(site) / (rel + "index.html" if not rel or rel.endswith("/") else rel)).read_text(encoding="utf-8")
            found: dict = {"tables": {}}

            def check(page, has_tables="<table" in html):
                page.wait_for_function("document.fonts.status === 'loaded'")
                found["axe"] = run_axe(page)
                for width in reversed(TABLE_WIDTHS) if has_tables else ():
                    page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
                    found["tables"][width] = page.evaluate(CHECK_TABLES)
                page.set_viewport_size(VIEWPORT)

            record = visit(base_url + rel, after_load=check)
            visit.leave()
            records[rel] = PageRecord(record, found["axe"], found["tables"])
    finally:
        context.close()
    return records
