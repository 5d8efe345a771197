"""Accessibility: axe-core (npm `axe-core`, node_modules/axe-core, `make setup`) run in Debian
chromium on EVERY page of the built site, served under a sub-path as on GitHub Pages.

A page fails on any violation of impact "serious" or "critical"; each is printed as

    texts/000/ [serious] link-in-text-block: Links must be distinguishable without relying on color
        https://dequeuniversity.com/rules/axe/4.x/link-in-text-block?application=axeAPI
        at p:nth-child(2) > a[href$="citations/"]: Fix any of the following: ...

(page, impact, rule id, help, the rule's page, then up to MAX_TARGETS elements as CSS
selectors with axe's summary of what to fix). Minor and moderate findings are not failures.

No axe rule is disabled. If a violation is inside Material's own markup and cannot be fixed
by the edition's CSS, overrides/ or hooks, disable only that rule for only that selector in
AXE_OPTIONS (tests/site_walk.py) and say why there.

Every page is loaded once for all the checks that need every page (tests/site_walk.py, the
session's `site_walk`), axe's options (AXE_OPTIONS) included; axe on a page takes about a
second (more on the dissertation's long chapters).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from site_walk import VIEWPORT, page_paths, run_axe

from build_tools.publish.linkcheck import serve, site_url_path

pytestmark = pytest.mark.browser

FAILING_IMPACTS = ("serious", "critical")
MAX_TARGETS = 3


def describe(where: str, violations: list[dict]) -> list[str]:
    """One readable block per failing rule (see the module's docstring)."""
    out = []
    for v in violations:
        if v["impact"] not in FAILING_IMPACTS:
            continue
        lines = [f"{where} [{v['impact']}] {v['id']}: {v['help']}", f"    {v['helpUrl']}"]
        for node in v["nodes"][:MAX_TARGETS]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    at {node['target']}: {summary[:300]}")
        if len(v["nodes"]) > MAX_TARGETS:
            lines.append(f"    ... and {len(v['nodes']) - MAX_TARGETS} more element(s)")
        out.append("\n".join(lines))
    return out


@pytest.fixture(scope="module")
def axe_page(browser):
    """One page, kept local: any request leaving 127.0.0.1 is aborted."""
    context = browser.new_context(locale="kk-KZ", service_workers="block", viewport=VIEWPORT)
    context.route(lambda url: not url.startswith(("http://127.0.0.1", "data:", "about:")), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


def _check(page, url: str, where: str) -> list[str]:
    page.goto(url, wait_until="load")
    page.wait_for_function("document.fonts.status === 'loaded'")
    return describe(where, run_axe(page))


def test_no_page_has_a_serious_or_critical_axe_violation(built_site, site_walk):
    """axe on every page of the walk (conftest.py `site_walk`: each page loaded once for all its checks)."""
    pages = page_paths(built_site)
    assert len(pages) == len(list(built_site.rglob("*.html"))) - 1 and sorted(site_walk) == sorted(pages)
    failures = [line for rel in pages for line in describe(rel or "/", site_walk[rel].axe)]
    print(f"axe-core: {len(pages)} pages, {len(failures)} failing rule(s) on them")
    assert not failures, f"{len(failures)} serious or critical axe violation(s):\n" + "\n".join(failures)


def _one_page_of_each_kind(site: Path) -> list[str]:
    """The first page of each folder depth and section: home, texts/, a text, a chapter, ..."""
    kinds: dict[tuple, str] = {}
    for rel in page_paths(site):
        parts = rel.strip("/").split("/") if rel else []
        kinds.setdefault((tuple(parts[:1]), len(parts)), rel)
    return list(kinds.values())


def test_at_a_phone_width_one_page_of_each_kind_has_no_serious_violation(built_site, served_site, axe_page):
    """The phone layout (drawer navigation, no side columns) on one page of each kind."""
    axe_page.set_viewport_size({"width": 390, "height": 844})
    try:
        failures = []
        for rel in _one_page_of_each_kind(built_site):
            failures += _check(axe_page, served_site + rel, f"{rel or '/'} at 390px")
    finally:
        axe_page.set_viewport_size({"width": 1366, "height": 900})
    assert not failures, "\n".join(failures)


def test_open_search_with_results_has_no_serious_violation(served_site, axe_page):
    """The search dialog (overrides/partials/search.html, edition-search.js), open with results
    and its filters shown, at the desktop width and at a phone's."""
    failures = []
    for width, height in ((1366, 900), (390, 844)):
        axe_page.set_viewport_size({"width": width, "height": height})
        axe_page.goto(served_site, wait_until="load")
        axe_page.locator(".edition-search__open").click()
        axe_page.locator(".edition-search__input").press_sequentially("Қазақстан")
        axe_page.wait_for_selector(".edition-search__result", timeout=60_000)
        axe_page.locator(".edition-search__filters summary").click()
        failures += describe(f"/ with search results open at {width}px", run_axe(axe_page))
    axe_page.set_viewport_size({"width": 1366, "height": 900})
    assert not failures, "\n".join(failures)


def test_the_missing_page_has_no_serious_violation(built_site, axe_page):
    """404.html, served for a missing address as GitHub Pages does (at the site_url's path)."""
    with serve(built_site, site_url_path(built_site), error_page=True) as base_url:
        axe_page.goto(base_url + "no-such-page/", wait_until="load")
        failures = describe("404.html", run_axe(axe_page))
        axe_page.goto("about:blank")  # before the server stops
    assert not failures, "\n".join(failures)


def test_axe_reports_what_it_should(axe_page):
    """The net itself: an unnamed dialog and pale text are reported, with rule id and target."""
    axe_page.set_content(
        '<!doctype html><html lang="kk"><head><title>t</title></head><body><main>'
        '<div role="dialog" id="d"><p>x</p></div>'
        '<p id="pale" style="color:#ccc;background:#fff">Қазақстан</p></main></body></html>'
    )
    text = "\n".join(describe("probe", run_axe(axe_page)))
    assert "[serious] aria-dialog-name" in text and "at #d" in text
    assert "[serious] color-contrast" in text and "at #pale" in text
