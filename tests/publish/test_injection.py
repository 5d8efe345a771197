"""Nothing in a raw text becomes markup or script: a hostile text, built with mkdocs, shown literally.

A temporary project (the real configuration, theme and build tools) holds two
hostile raw texts: an article that starts with a front-matter block, and a
dissertation whose headings (which become Markdown headings, page titles and
navigation entries) are hostile too.  The built HTML is checked, and every
page is opened in chromium: no script runs, no dialog opens.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from project_util import make_project, run_mkdocs

pytestmark = pytest.mark.site

# Each line is a paragraph of the article; each must appear literally on the page.
HOSTILE_LINES = [
    "<script>window.__pwned = 'script'</script>",
    '<img src=x onerror="window.__pwned = \'img\'">',
    "<svg onload=\"window.__pwned='svg'\"><circle r=1 /></svg>",
    '<iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>',
    "<a href=\"javascript:window.__pwned='a'\">басыңыз</a> [мына сілтеме](javascript:window.__pwned='md')",
    "<style>body { display: none }</style> <b>қалың</b> <!-- түсініктеме -->",
    "**қалың** _көлбеу_ `код` ~~сызылған~~ ==белгі== ^^астын^^ <https://example.org> ![сурет](x.png)",
    "# Тақырып емес",
    "> дәйексөз емес",
    "| a | b |",
    "{{ config.site_name }} {% include 'main.html' %} {# түсініктеме #} {{ 7 * 7 }}",
    "*[ШЫҰ]: Аббревиатура анықтамасы",
    "Мәтін ШЫҰ туралы және сілтеме[^1] бар.",
    "[^1]: Сілтеме мәтіні",
    "&lt;script&gt; &amp; &#60;b&#62; \\*жұлдызша\\*",
    "!!! note \"Ескерту емес\"",
    "<div markdown=\"1\">**md_in_html**</div> {: .attr #list }",
    "javascript:window.__pwned='bare'",
]
FRONT_MATTER = ["---", "title: hacked", "hide: [navigation, toc]", "---"]
ARTICLE = "\n".join(FRONT_MATTER + HOSTILE_LINES) + "\n"

HOSTILE_TITLE = "Қауіпті <img src=x onerror=\"window.__pwned='title'\"> & {{ config.site_name }} <b>мәтін</b>"
# The short title names the text in the navigation and the tab (at most 40 characters).
HOSTILE_SHORT_TITLE = "<img src=x onerror=alert(1)> {{ x }} &"

DISSERTATION = "\n".join(
    [
        "КІРІСПЕ",
        "Кіріспе мәтіні <script>window.__pwned='intro'</script>.",
        "1.1 <script>window.__pwned='h2'</script> <img src=x onerror=\"window.__pwned='h2img'\"> **бөлім** [^1] {{ x }}",
        "Бөлім мәтіні.",
        "1.2 Тақырып: [сілтеме](javascript:alert(1)) *[X]: y ~ ^ = $ | \\ & <b>",
        "Екінші бөлім.",
        "1 ТАРАУ <IMG SRC=X ONERROR=ALERT(1)> <B>ҚАЛЫҢ</B> {{ CONFIG }}",
        "Тарау мәтіні.",
        "ҚОРЫТЫНДЫ",
        "Қорытынды.",
    ]
) + "\n"
DISSERTATION_HEADINGS = [
    "1.1 <script>window.__pwned='h2'</script> <img src=x onerror=\"window.__pwned='h2img'\"> **бөлім** [^1] {{ x }}",
    "1.2 Тақырып: [сілтеме](javascript:alert(1)) *[X]: y ~ ^ = $ | \\ & <b>",
    "1 ТАРАУ <IMG SRC=X ONERROR=ALERT(1)> <B>ҚАЛЫҢ</B> {{ CONFIG }}",
]


class PageParser(HTMLParser):
    """Visible text of <article>, and every element, attribute and script of the page.

    Left out of the text: the glossary's expansions of acronyms (shown in print only)
    and the table of the text's terms, both editorial.
    """

    SKIP_CLASSES = {"text-terms"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []  # the content of every <script> and <style>
        self.article_tags: list[str] = []  # the elements inside <article>
        self.article: list[str] = []
        self.nav_text: list[str] = []
        self._stack: list[str] = []
        self._in_article = 0
        self._in_script = False
        self._in_nav = 0
        self._skip: list[bool] = []

    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "area", "col", "embed", "param", "track"}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in self.VOID:
            self._skip.append(bool(set((attrs.get("class") or "").split()) & self.SKIP_CLASSES))
        if self._in_article:
            self.article_tags.append(tag)
        if tag in ("script", "style"):
            self._in_script = True
            self.scripts.append(f"<{tag}>")
        if tag == "article":
            self._in_article += 1
        if tag == "nav":
            self._in_nav += 1

    def handle_endtag(self, tag):
        if tag not in self.VOID and self._skip:
            self._skip.pop()
        if tag in ("script", "style"):
            self._in_script = False
        if tag == "article":
            self._in_article -= 1
        if tag == "nav":
            self._in_nav -= 1

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        elif any(self._skip):
            return
        elif self._in_article:
            self.article.append(data)
        elif self._in_nav:
            self.nav_text.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    return make_project(
        base / "project",
        {
            "article.txt": ({"id": "900", "title": HOSTILE_TITLE, "short_title": HOSTILE_SHORT_TITLE}, ARTICLE),
            "diss.txt": ({"id": "901", "kind": "dissertation", "title": "Диссертация"}, DISSERTATION),
        },
    )


@pytest.fixture(scope="module")
def cleaned(hostile_project):
    """The cleaned text of each hostile text, by id: what the page must show, line by line.

    (Cleaning rules change some readings, e.g. "…" quotes into «…», as logged changes.)
    """
    from build_tools.publish.pipeline import build_edition
    from build_tools.read.texts import Paths

    edition = build_edition(Paths(hostile_project))
    return {doc.meta.id: doc.clean for doc in edition.documents}


def cleaned_line(result, raw_line: str) -> str:
    """The cleaned form of a line of the raw text, located through the change log."""
    start = result.raw.index(raw_line)
    end = start + len(raw_line)
    delta_start = sum(len(c.after) - (c.end - c.start) for c in result.changes if c.end <= start)
    delta_end = sum(len(c.after) - (c.end - c.start) for c in result.changes if c.end <= end)
    return result.text[start + delta_start : end + delta_end].strip()


@pytest.fixture(scope="module")
def hostile_site(hostile_project):
    project = hostile_project
    site = project.parent / "site"
    result = run_mkdocs(project, site)
    assert result.returncode == 0, result.stderr
    return site


def hostile_pages(site: Path) -> list[Path]:
    return sorted((site / "texts" / "900").rglob("index.html")) + sorted((site / "texts" / "901").rglob("index.html"))


def test_every_hostile_line_is_shown_literally(hostile_site, cleaned):
    page = parse(hostile_site / "texts" / "900" / "index.html")
    article = squash("".join(page.article))
    for line in FRONT_MATTER[1:-1] + HOSTILE_LINES:
        shown = cleaned_line(cleaned["900"], line)
        assert squash(shown) in article, shown
    # the cleaned lines still hold every hostile construct
    for construct in ("<script>", "<img src=x onerror=", "javascript:", "{{ config.site_name }}", "{%", "*[ШЫҰ]:", "[^1]:"):
        assert construct in article, construct
    # `---` is either a paragraph or, read as a list item with the bullet `-`, an item `--`
    html = (hostile_site / "texts" / "900" / "index.html").read_text(encoding="utf-8")
    assert html.count("<li>--</li>") + html.count("</a>---</p>") == 2
    # the raw text's front matter is text, not the page's metadata
    assert "<title>hacked" not in (hostile_site / "texts" / "900" / "index.html").read_text(encoding="utf-8")


def test_hostile_headings_are_shown_literally(hostile_site, cleaned):
    pages = {p.parent.name: parse(p) for p in hostile_pages(hostile_site) if "901" in str(p)}
    kirispe = squash("".join(pages["kirispe"].article))
    chapter = squash("".join(pages["1-tarau"].article))
    for heading in DISSERTATION_HEADINGS[:2]:
        assert squash(cleaned_line(cleaned["901"], heading)) in kirispe, heading
    assert squash(cleaned_line(cleaned["901"], DISSERTATION_HEADINGS[2])) in chapter
    # headings become <h1>/<h2> elements with plain text, no element inside but the permalink
    html = (hostile_site / "texts" / "901" / "kirispe" / "index.html").read_text(encoding="utf-8")
    for h2 in re.findall(r"<h2 id=[^>]*>(.*?)</h2>", html):
        assert re.sub(r'<a class="headerlink"[^>]*>&para;</a>$', "", h2).count("<") == 0, h2
    # no Markdown backslash is left visible
    assert "\\" not in kirispe.replace("| \\ &", "")


def test_hostile_titles_are_text_in_navigation_and_title(hostile_site):
    for path in [hostile_site / "index.html", *hostile_pages(hostile_site)]:
        page = parse(path)
        nav = squash("".join(page.nav_text))
        assert squash(HOSTILE_SHORT_TITLE) in nav, path
        assert squash(DISSERTATION_HEADINGS[2]) in nav, path
    title = re.search(r"<title>(.*?)</title>", (hostile_site / "texts" / "900" / "index.html").read_text("utf-8"))
    assert "&lt;img" in title.group(1)
    # the full editorial title is the page's heading, and in the list of texts, as text
    page = parse(hostile_site / "texts" / "900" / "index.html")
    assert squash(HOSTILE_TITLE) in squash("".join(page.article))
    listing = parse(hostile_site / "texts" / "index.html")
    assert squash(HOSTILE_TITLE) in squash("".join(listing.article))
    assert squash(HOSTILE_SHORT_TITLE) in squash("".join(listing.article))


def test_no_element_attribute_or_script_comes_from_the_text(hostile_site):
    for path in [hostile_site / "index.html", *hostile_pages(hostile_site)]:
        page = parse(path)
        scripts = [s for s in page.scripts if s.startswith("<script>")]
        styles = [s for s in page.scripts if s.startswith("<style>")]
        assert not [s for s in scripts if "pwned" in s or "alert" in s.lower()], path
        # a title may stand in a print header's CSS string, escaped; no style rule comes from the text
        assert not [s for s in styles if "display: none }" in s or "\\26 lt;" in s], path
        if "texts" in path.parts:  # the hostile texts' pages (the home page is hand-written Markdown)
            assert not set(page.article_tags) & {"img", "iframe", "style", "script", "svg", "b", "sup", "abbr"}, path
        for tag, attrs in page.tags:
            assert tag not in {"img", "iframe", "b", "circle"}, (path, tag, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (path, tag, name, value)
                if name in {"href", "src", "action", "formaction"} and value:
                    assert not value.strip().lower().startswith("javascript:"), (path, tag, value)
        assert not any(tag == "sup" or attrs.get("class") == "footnote" for tag, attrs in page.tags)
        assert not any(tag == "abbr" for tag, _ in page.tags)


def test_no_script_runs_in_the_browser(hostile_site, browser):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for path in [hostile_site / "index.html", *hostile_pages(hostile_site)]:
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("window.__pwned") is None, path
            # the "original readings" switch writes text, never HTML
            toggle = page.locator(".original-toggle input")
            if toggle.count():
                toggle.check()
                toggle.uncheck()
            assert page.evaluate("window.__pwned") is None, path
            assert page.evaluate("document.querySelectorAll('article img, article svg, article iframe').length") == 0
        assert dialogs == [] and not [e for e in errors if "pwned" in e or "ALERT" in e]
        page.goto((hostile_site / "texts" / "900" / "index.html").as_uri())
        visible = page.inner_text("article")
        assert "<script>window.__pwned = 'script'</script>" in visible
        assert "{{ config.site_name }}" in visible
    finally:
        context.close()


@pytest.fixture(scope="module")
def served_hostile_site(hostile_site, tmp_path_factory):
    """The hostile site over HTTP under a sub-path (the search fetches its index, which file:// refuses)."""
    import functools
    import http.server
    import threading

    webroot = tmp_path_factory.mktemp("hostile-web")
    (webroot / "kz-edition").symlink_to(hostile_site, target_is_directory=True)

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(webroot)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/kz-edition/"
    server.shutdown()


@pytest.mark.browser
def test_search_results_show_hostile_text_as_text(served_hostile_site, browser):
    from benchmarks.search_latency import SearchBox

    context = browser.new_context(locale="kk-KZ")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        box = SearchBox(page, served_hostile_site)
        for query in ("pwned", "script", "onerror", "javascript", "Қауіпті", "config"):
            result = box.search(query)
            assert result.all_pages, f"the hostile text is indexed and found: {query}"
            assert page.evaluate("window.__pwned") is None, query
            assert page.evaluate(
                "document.querySelectorAll('.edition-search__results img, .edition-search__results svg circle, "
                ".edition-search__results iframe, .edition-search__results b, .edition-search__results script').length"
            ) == 0, query
        shown = page.inner_text(".edition-search__results")
        assert "{{ config.site_name }}" in shown
        box.search("script")
        shown = page.inner_text(".edition-search__results")
        assert "<script>" in shown and "window.__pwned" in shown, "the markup is shown as text"
        assert dialogs == []
    finally:
        context.close()
