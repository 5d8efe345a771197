"""No broken link: the built site, served under a sub-path on 127.0.0.1, crawled page by page.

The crawler (`build_tools.publish.linkcheck`) is first shown to catch every kind of breakage on a
small hand-made site, then run on the real one.
"""

import re
from pathlib import Path

import pytest

from build_tools.publish.linkcheck import check_site, parse_html, serve, site_url_path

pytestmark = pytest.mark.site


# --------------------------------------------------------------------------- the real site


@pytest.fixture(scope="module")
def site_report(built_site, served_site):
    return check_site(built_site, served_site)


def test_no_broken_link_anchor_or_resource_on_the_site(site_report):
    assert site_report.ok, site_report.summary()
    # it really crawled the site: links, anchors and loaded resources were checked
    assert site_report.links_checked > 100
    assert site_report.anchors_checked > 100
    assert site_report.resources_checked > 20


def test_every_page_is_crawled_and_reachable_by_links(site_report, built_site):
    html_files = sorted(built_site.rglob("*.html"))
    assert len(site_report.pages) == len(html_files)
    assert site_report.orphans == [], "pages no link leads to: " + ", ".join(site_report.orphans)


def test_paragraph_citation_and_heading_anchors_are_among_those_checked(site_report, built_site):
    fragments = site_report.fragments
    written = set()
    for path in built_site.rglob("*.html"):
        written.update(re.findall(r'href="[^"#]*#([^"]+)"', path.read_text(encoding="utf-8")))
    assert any(re.fullmatch(r"p\d+", f) for f in fragments), "no paragraph anchor (#p12) was checked"
    if any(re.fullmatch(r"ref-\d+", f) for f in written):
        assert any(re.fullmatch(r"ref-\d+", f) for f in fragments), "citation anchors were not checked"
    assert any(re.search("[а-яәғқңөұүһі]", f) for f in fragments), "no Cyrillic heading anchor was checked"


def test_pdf_links_are_checked_when_present(site_report, built_site):
    """Every PDF of the site is linked from some page, and the link was followed."""
    pdfs = {site_report.base_url + p.relative_to(built_site).as_posix() for p in built_site.rglob("*.pdf")}
    fetched = {url for url, status in site_report.targets.items() if status == 200}
    assert pdfs <= fetched, f"PDFs no page links to: {sorted(pdfs - fetched)}"


def test_every_data_file_is_linked_and_fetched(site_report, built_site):
    """The open data (data/: texts, glossary, chronology, manifests, the archive): every file is
    linked from some page, and the link was followed."""
    files = [p for p in (built_site / "data").rglob("*") if p.is_file() and p.suffix != ".html"]
    assert files, "the site publishes no data files"
    urls = {site_report.base_url + p.relative_to(built_site).as_posix() for p in files}
    fetched = {url for url, status in site_report.targets.items() if status == 200}
    assert urls <= fetched, f"data files no page links to: {sorted(urls - fetched)}"


def test_the_error_page_links_under_site_url(site_report, built_site):
    """404.html is shown at any depth: its links are absolute under the path of site_url."""
    prefix = site_url_path(built_site)
    page = parse_html((built_site / "404.html").read_text(encoding="utf-8"))
    local = [url for _, _, url in page.refs if not re.match(r"[a-z]+:|//|#", url)]
    assert local, "the error page loads nothing from the site?"
    assert all(url.startswith(prefix) for url in local), [u for u in local if not u.startswith(prefix)]
    assert site_report.base_url + "404.html" in site_report.pages


def test_the_error_page_speaks_kazakh(built_site):
    text = (built_site / "404.html").read_text(encoding="utf-8")
    assert "<title>Бет табылмады" in text
    assert re.search(r"<h1[^>]*>Бет табылмады</h1>", text)
    assert "Not found" not in text


def test_the_header_fetches_no_repository_facts(built_site):
    """Material fetches stars/forks from api.github.com for [data-md-component=source]."""
    for path in built_site.rglob("*.html"):
        assert 'data-md-component="source"' not in path.read_text(encoding="utf-8"), path


# --------------------------------------------------------------------------- the crawler itself

HEAD = '<link rel="stylesheet" href="{up}style.css"><link rel="icon" href="{up}icon.png">'


def _page(up: str, body: str) -> str:
    return f"<!doctype html><html><head>{HEAD.format(up=up)}</head><body>\n{body}\n</body></html>"


@pytest.fixture
def toy_site(tmp_path) -> Path:
    """A small correct site: relative links, anchors, a CSS file with url(), an error page."""
    site = tmp_path / "toy"
    (site / "texts" / "a").mkdir(parents=True)
    (site / "style.css").write_text("body{background:url(img/bg.png)} .x{background:url(data:image/png;base64,AA==)}")
    (site / "img").mkdir()
    (site / "img" / "bg.png").write_bytes(b"\x89PNG")
    (site / "icon.png").write_bytes(b"\x89PNG")
    (site / "text.pdf").write_bytes(b"%PDF-1.4")
    (site / "index.html").write_text(
        '<!doctype html><html><head><link rel="canonical" href="https://example.org/toy/">'
        + HEAD.format(up="")
        + '</head><body>\n<a name="top"></a><a href="texts/a/#p2">a</a> <a href="texts/a/">a</a>'
        ' <a href="text.pdf#page=2">pdf</a> <a href="https://example.com/">out</a>'
        ' <a href="mailto:x@example.org">mail</a>\n</body></html>'
    )
    (site / "texts" / "a" / "index.html").write_text(
        _page("../../", '<p id="p1">one</p><p id="p2">two <a href="#p1">¶1</a> '
              '<a href="../../#top">home</a> <img srcset="../../img/bg.png 1x"></p>')
    )
    (site / "404.html").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="/toy/style.css"></head>'
        '<body><a href="/toy/">home</a> <a href="/toy/texts/a/#p1">a</a></body></html>'
    )
    return site


def _check(site: Path):
    with serve(site, "/served/under/") as base_url:
        return check_site(site, base_url)


def test_crawler_passes_a_correct_site(toy_site):
    report = _check(toy_site)
    assert report.ok, report.summary()
    assert report.orphans == []
    assert len(report.pages) == 3
    assert {"p1", "p2", "top"} <= report.fragments
    assert "https://example.com/" in report.external
    assert report.targets[report.base_url + "text.pdf"] == 200
    assert report.targets[report.base_url + "img/bg.png"] == 200  # found in the CSS and a srcset


def _broken(toy_site, rel, old, new):
    path = toy_site / rel
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    report = _check(toy_site)
    assert not report.ok
    return report


@pytest.mark.parametrize(
    "rel, old, new, expected",
    [
        ("index.html", 'href="texts/a/#p2"', 'href="texts/b/#p2"', "HTTP 404"),  # missing page
        ("index.html", 'href="texts/a/#p2"', 'href="texts/a/#p9"', "no element with id 'p9'"),  # missing anchor
        ("texts/a/index.html", 'href="#p1"', 'href="#p%D2%9B"', "no element with id 'pқ'"),  # encoded fragment
        ("index.html", 'href="text.pdf#page=2"', 'href="missing.pdf"', "HTTP 404"),  # missing PDF
        ("index.html", 'href="icon.png"', 'href="icon.svg"', "HTTP 404"),  # missing icon
        ("texts/a/index.html", "bg.png 1x", "nothing.png 1x", "HTTP 404"),  # missing image (srcset)
        ("style.css", "url(img/bg.png)", "url('fonts/x.woff2')", "HTTP 404"),  # missing font in CSS
        ("index.html", 'href="texts/a/"', 'href="/texts/a/"', "leaves the site's sub-path"),  # absolute path
        ("404.html", 'href="/toy/"', 'href="../"', "must start with the path of site_url"),  # error page
        ("404.html", 'href="/toy/texts/a/#p1"', 'href="/toy/texts/a/#zz"', "no element with id 'zz'"),
    ],
)
def test_crawler_reports_each_kind_of_breakage(toy_site, rel, old, new, expected):
    report = _broken(toy_site, rel, old, new)
    messages = [str(p) for p in report.problems]
    assert any(expected in m for m in messages), messages
    # the message names the page the link is on, its line and the link as written
    problem = next(p for p in report.problems if expected in str(p))
    assert problem.ref.page == report.base_url + rel.removesuffix("index.html")
    assert problem.ref.line >= 1


def test_crawler_lists_pages_no_link_leads_to(toy_site):
    (toy_site / "lost").mkdir()
    (toy_site / "lost" / "index.html").write_text(_page("../", '<a href="../">home</a>'))
    report = _check(toy_site)
    assert report.ok, report.summary()  # the lost page itself is checked...
    assert report.orphans == ["lost/index.html"]  # ...and reported as unreachable


def test_linkcheck_command_line(toy_site, capsys):
    from build_tools.publish.linkcheck import main

    assert main([str(toy_site)]) == 0
    assert "crawled 3 pages" in capsys.readouterr().out
    (toy_site / "img" / "bg.png").unlink()
    assert main([str(toy_site)]) == 1
    assert "BROKEN" in capsys.readouterr().out
    assert main([str(toy_site / "nowhere")]) == 2
