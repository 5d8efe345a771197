"""The whole site: built by plain mkdocs, complete, reproducible, self-contained."""

import hashlib
import re
from pathlib import Path

import pytest
from conftest import mkdocs_build

pytestmark = pytest.mark.site


def test_site_has_home_and_every_text(built_site):
    assert (built_site / "index.html").is_file()
    for text_id in ("000", "001", "002", "003", "004"):
        assert (built_site / "texts" / text_id / "index.html").is_file()
    # the dissertation: an index page and one page per top-level division
    division_pages = [p for p in (built_site / "texts" / "002").iterdir() if (p / "index.html").is_file()]
    names = {p.name for p in division_pages}
    assert {"kirispe", "1-tarau", "2-tarau", "3-tarau", "qorytyndy"} <= names


def test_interface_is_kazakh_and_russian_text_is_marked(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="kk"' in home
    assert 'placeholder="Іздеу"' in home
    russian = (built_site / "texts" / "003" / "index.html").read_text(encoding="utf-8")
    assert '<div lang="ru">' in russian


def test_heading_anchors_keep_cyrillic(built_site):
    page = (built_site / "texts" / "002" / "1-tarau" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', page)
    assert ids and all(re.search("[а-яәғқңөұүһі]", i) for i in ids), ids
    assert not any(re.fullmatch(r"_\d+", i) for i in ids)


def _tree_digest(site: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def test_two_builds_are_byte_identical(built_site, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(again)
    assert result.returncode == 0, result.stderr
    assert _tree_digest(built_site) == _tree_digest(again)


RESOURCE_RE = re.compile(
    r"""(?:src|srcset|poster|data)\s*=\s*["']\s*(?:https?:)?//|"""
    r"""<link\b[^>]*\brel=["'](?:stylesheet|preload|preconnect|dns-prefetch|icon|modulepreload|manifest)["'][^>]*href=["']\s*(?:https?:)?//|"""
    r"""<link\b[^>]*href=["']\s*(?:https?:)?//[^"']*["'][^>]*\brel=["'](?:stylesheet|preload|preconnect|dns-prefetch|icon|modulepreload|manifest)""",
    re.IGNORECASE,
)
CSS_URL_RE = re.compile(r"""(?:url\(\s*["']?\s*(?:https?:)?//|@import\s+["'](?:https?:)?//)""", re.IGNORECASE)


def test_no_page_loads_anything_from_an_outside_host(built_site):
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix == ".html":
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path}: {m.group(0)}" for m in RESOURCE_RE.finditer(text)]
            offenders += [f"{path}: {m.group(0)}" for m in CSS_URL_RE.finditer(text)]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            offenders += [f"{path}: {m.group(0)}" for m in CSS_URL_RE.finditer(text)]
    assert not offenders, offenders[:10]
    assert "fonts.googleapis.com" not in (built_site / "index.html").read_text(encoding="utf-8")


def test_the_search_index_is_pagefind_s_and_holds_only_what_the_search_uses(built_site):
    """site/pagefind/: the index and Pagefind's search API; not its own search interfaces
    (the site's is overrides/partials/search.html), and no index of the theme's search."""
    bundle = built_site / "pagefind"
    names = {p.name for p in bundle.iterdir()}
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "index", "fragment", "filter"} <= names
    assert not [n for n in names if n.startswith(("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui"))]
    assert not (built_site / "search").exists()


def test_every_page_footer_names_the_version_and_build_date_linked_to_the_changelog(built_site, edition):
    """The footer of every page: «Нұсқа 0.1 · құрастырылған күні …», the build's date as the
    build reads it (SOURCE_DATE_EPOCH, as mkdocs_build sets it), a link to the changelog page."""
    import html
    import os
    import posixpath
    import time

    from build_tools.core.locale import t

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))
    built = time.strftime("%Y-%m-%d", time.gmtime(epoch))
    label = html.escape(t("changelog.footer", version=edition.info.version, date=built))
    footer = re.compile(r'<div class="md-copyright__edition">\s*<a href="([^"]+)"[^>]*>([^<]*)</a>')
    pages = sorted(p for p in built_site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > len(edition.pages)  # every generated page, and the hand-written ones
    for page in pages:
        found = footer.findall(page.read_text(encoding="utf-8"))
        assert len(found) == 1, page
        href, text = found[0]
        assert text == label, page
        here = page.parent.relative_to(built_site).as_posix()
        assert posixpath.normpath(posixpath.join(here, href)) == "changelog", (page, href)
    assert (built_site / "changelog" / "index.html").is_file()
    missing = footer.findall((built_site / "404.html").read_text(encoding="utf-8"))  # absolute, under site_url's path
    assert len(missing) == 1 and missing[0][0].endswith("/changelog/") and missing[0][1] == label
