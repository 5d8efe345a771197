"""Check the links of a built site the way a reader meets them: over HTTP, under a sub-path.

The site is served on 127.0.0.1 under a sub-path (as on GitHub Pages,
``https://<user>.github.io/<repo>/``) and crawled from its home page. Every HTML page is
parsed once with the standard library's :mod:`html.parser`; for every link (``a``/``area``
``href``) and every resource (``src``/``srcset`` of scripts, images, media; ``href`` of
stylesheets, icons, preloads; ``url()`` inside the site's CSS) it checks that

* the target lies inside the site's sub-path (a link to ``/assets/...`` would break there),
* the target answers 200 (pages, assets, PDFs),
* a fragment (``#p12``, ``#ref-3``, a glossary back-link, a heading slug) names an ``id``
  (or ``<a name>``) that exists on the target page.

The error page (``404.html``) is special: GitHub Pages shows it at any depth, so its links
must be absolute under the path of ``site_url`` (MkDocs renders it that way); they are
checked after mapping that path to the served sub-path.

Links to other hosts are listed in the report, not fetched (nothing leaves the machine).
Run it on a built site with ``python -m build_tools linkcheck [SITE_DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import re
import sys
import tempfile
import threading
import urllib.error
import urllib.request
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urldefrag, urljoin, urlsplit

DEFAULT_SUB_PATH = "/kz-edition/"
ERROR_PAGES = ("404.html",)

# rel values of <link> whose href the browser loads
_LOADED_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "preload",
    "modulepreload", "prefetch", "manifest",
}
# tag -> attributes holding a URL the browser loads
_RESOURCE_ATTRS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+["']([^"']+)["']""")
_PAGE_SUFFIXES = ("", ".html", ".htm")
_START = "(start)"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # local site: never a proxy


@dataclass(frozen=True)
class Ref:
    """One URL found on a page: a link to follow or a resource the browser loads."""

    page: str  # the page (served URL) it was found on
    line: int
    kind: str  # "link" or "resource"
    raw: str  # as written


@dataclass
class Problem:
    ref: Ref
    url: str
    message: str

    def __str__(self) -> str:
        return f"{self.ref.page} (line {self.ref.line}): {self.ref.kind} {self.ref.raw!r} → {self.message}"


@dataclass
class Report:
    base_url: str
    pages: list[str] = field(default_factory=list)  # HTML pages crawled (served URLs)
    links_checked: int = 0
    resources_checked: int = 0
    anchors_checked: int = 0
    targets: dict[str, int] = field(default_factory=dict)  # every local URL fetched -> HTTP status
    fragments: set[str] = field(default_factory=set)  # every fragment checked (#p12, #ref-3, ...)
    external: dict[str, set[str]] = field(default_factory=dict)  # URL -> pages linking to it
    problems: list[Problem] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # HTML files no link leads to

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [
            f"crawled {len(self.pages)} pages under {self.base_url}: "
            f"{self.links_checked} links, {self.anchors_checked} anchors, "
            f"{self.resources_checked} resources checked ({len(self.targets)} distinct targets); "
            f"{len(self.external)} outside links not followed",
        ]
        if self.orphans:
            lines.append(f"{len(self.orphans)} pages no link leads to: " + ", ".join(self.orphans))
        lines += [f"BROKEN: {p}" for p in self.problems]
        return "\n".join(lines)


class _PageParser(HTMLParser):
    """Collects ids, links and loaded resources of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[int, str, str]] = []  # (line, kind, url)
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag in ("a", "area") and "href" in a:
            self.refs.append((line, "link", a["href"]))
        elif tag == "link" and "href" in a:
            rels = set(a.get("rel", "").lower().split())
            if rels & _LOADED_RELS:
                self.refs.append((line, "resource", a["href"]))
            if "canonical" in rels:
                self.canonical = a["href"]
        for attr in _RESOURCE_ATTRS.get(tag, ()):
            value = a.get(attr, "").strip()
            if not value:
                continue
            if attr == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.refs.append((line, "resource", candidate.split()[0]))
            else:
                self.refs.append((line, "resource", value))

    handle_startendtag = handle_starttag


def parse_html(text: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser


@dataclass
class _Target:
    status: int
    content_type: str = ""
    final_url: str = ""
    ids: set[str] | None = None  # for HTML pages
    error: str = ""


def _ascii_url(url: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=quote(parts.path, safe="/%:@!$&'()*+,;=-._~")).geturl()


class Crawler:
    """Crawl a served site from ``base_url``; see the module's docstring."""

    def __init__(self, base_url: str, *, site_url_path: str = "/", timeout: float = 30):
        if not base_url.endswith("/"):
            base_url += "/"
        self.base_url = base_url
        base = urlsplit(base_url)
        self.origin = f"{base.scheme}://{base.netloc}"
        self.base_path = base.path
        self.site_url_path = site_url_path if site_url_path.endswith("/") else site_url_path + "/"
        self.timeout = timeout
        self.targets: dict[str, _Target] = {}
        self.report = Report(base_url)
        self._queue: deque[tuple[Ref, str]] = deque()
        self._anchors: list[tuple[Ref, str, str]] = []  # (ref, target URL, fragment)

    # ------------------------------------------------------------------ fetching
    def _fetch(self, url: str, *, body: bool) -> tuple[_Target, bytes]:
        request = urllib.request.Request(_ascii_url(url), method="GET" if body else "HEAD")
        try:
            with _OPENER.open(request, timeout=self.timeout) as response:
                data = response.read() if body else b""
                ctype = response.headers.get_content_type()
                return _Target(response.status, ctype, response.geturl()), data
        except urllib.error.HTTPError as exc:
            return _Target(exc.code, error=f"HTTP {exc.code}"), b""
        except (urllib.error.URLError, OSError) as exc:
            return _Target(0, error=f"cannot fetch: {exc}"), b""

    def _looks_like_page(self, url: str) -> bool:
        name = urlsplit(url).path.rsplit("/", 1)[-1]
        return "." not in name or name.endswith(_PAGE_SUFFIXES[1:])

    def target(self, url: str) -> _Target:
        """Fetch ``url`` once (HTML pages are parsed and queued for crawling)."""
        if url in self.targets:
            return self.targets[url]
        target, data = self._fetch(url, body=self._looks_like_page(url) or url.endswith(".css"))
        if target.status == 200 and target.content_type == "text/html" and not data:
            target, data = self._fetch(url, body=True)  # a page with an unusual name
        self.targets[url] = target
        self.report.targets[url] = target.status
        if target.status != 200:
            return target
        final_url = target.final_url or url
        if target.content_type == "text/html":
            if final_url != url and final_url in self.targets:  # reached again through a redirect
                target.ids = self.targets[final_url].ids
                return target
            self.targets[final_url] = target
            self._scan_page(final_url, target, data)
        elif target.content_type == "text/css":
            self._scan_css(final_url, data)
        return target

    # ------------------------------------------------------------------ scanning
    def _scan_page(self, url: str, target: _Target, data: bytes) -> None:
        parsed = parse_html(data.decode("utf-8", errors="replace"))
        target.ids = parsed.ids
        self.report.pages.append(url)
        error_page = url.rsplit("/", 1)[-1] in ERROR_PAGES and urljoin(url, ".") == self.base_url
        for line, kind, raw in parsed.refs:
            ref = Ref(url, line, kind, raw)
            resolved = self._resolve_error_page_ref(ref) if error_page else urljoin(url, raw.strip())
            if resolved:
                self._queue.append((ref, resolved))

    def _scan_css(self, url: str, data: bytes) -> None:
        text = data.decode("utf-8", errors="replace")
        for match in _CSS_URL.finditer(text):
            raw = next(g for g in match.groups() if g is not None)
            if raw and not raw.startswith(("data:", "#")):
                line = text.count("\n", 0, match.start()) + 1
                ref = Ref(url, line, "resource", raw)
                self._queue.append((ref, urljoin(url, raw)))

    def _resolve_error_page_ref(self, ref: Ref) -> str | None:
        """Links of the error page: absolute under site_url's path, mapped to the sub-path."""
        raw = ref.raw.strip()
        parts = urlsplit(raw)
        if parts.scheme or parts.netloc or raw.startswith("#"):
            return urljoin(ref.page, raw)
        if not parts.path.startswith(self.site_url_path):
            self.report.problems.append(
                Problem(ref, raw, f"the error page is shown at any depth: its links must start with "
                                  f"the path of site_url, {self.site_url_path!r}")
            )
            return None
        return urljoin(self.base_url, raw[len(self.site_url_path):])

    # ------------------------------------------------------------------ checking
    def _check(self, ref: Ref, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return  # mailto:, tel:, data:, javascript:
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.report.external.setdefault(url, set()).add(ref.page)
            return
        if ref.page == _START:
            pass
        elif ref.kind == "link":
            self.report.links_checked += 1
        else:
            self.report.resources_checked += 1
        if not (parts.path + "/").startswith(self.base_path):
            self.report.problems.append(
                Problem(ref, url, f"leaves the site's sub-path {self.base_path!r} (an absolute path?)")
            )
            return
        page_url, fragment = urldefrag(url)
        target = self.target(page_url)
        if target.status != 200:
            self.report.problems.append(Problem(ref, page_url, target.error or f"HTTP {target.status}"))
            return
        if fragment and ref.kind == "link":
            self._anchors.append((ref, page_url, fragment))

    def crawl(self, extra_pages: list[str] = ()) -> Report:
        """Crawl from the home page (and ``extra_pages``, served URLs); return the report."""
        for url in [self.base_url, *extra_pages]:
            start = Ref(_START, 0, "link", url)
            self._queue.append((start, url))
        while self._queue:
            ref, url = self._queue.popleft()
            self._check(ref, url)
        anchors, self._anchors = self._anchors, []
        for ref, page_url, fragment in anchors:
            target = self.targets[page_url]
            if target.ids is None:
                continue  # not HTML (a PDF's #page=3): nothing to check
            self.report.anchors_checked += 1
            self.report.fragments.add(unquote(fragment))
            if unquote(fragment) not in target.ids:
                self.report.problems.append(Problem(ref, page_url, f"no element with id {unquote(fragment)!r}"))
        return self.report


def site_url_path(site_dir: Path) -> str:
    """The path of the ``site_url`` the site was built with (from the home page's canonical link)."""
    parsed = parse_html((Path(site_dir) / "index.html").read_text(encoding="utf-8"))
    return urlsplit(parsed.canonical).path or "/" if parsed.canonical else "/"


def check_site(site_dir: Path, base_url: str) -> Report:
    """Crawl the site built in ``site_dir`` and served at ``base_url``.

    Every HTML file of ``site_dir`` is checked, linked or not; the ones no link leads to
    (other than the error pages) are listed in ``Report.orphans``.
    """
    site_dir = Path(site_dir)
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))

    def served(rel: str) -> str:
        return urljoin(base_url, rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    crawler = Crawler(base_url, site_url_path=site_url_path(site_dir))
    crawler.crawl()
    reached = set(crawler.report.pages)
    report = crawler.crawl([served(rel) for rel in files if served(rel) not in reached])
    report.orphans = [rel for rel in files if served(rel) not in reached and rel not in ERROR_PAGES]
    return report


# ---------------------------------------------------------------------- serving
@contextlib.contextmanager
def serve(site_dir: Path, sub_path: str = DEFAULT_SUB_PATH, *, error_page: bool = False):
    """Serve ``site_dir`` on 127.0.0.1 under ``sub_path``; yields the base URL.

    With ``error_page=True`` a missing address gets the site's ``404.html`` with status 404,
    as GitHub Pages does.
    """
    sub = sub_path.strip("/")
    with tempfile.TemporaryDirectory() as webroot:
        mount = Path(webroot, sub) if sub else Path(webroot)
        if sub:
            mount.parent.mkdir(parents=True, exist_ok=True)
            mount.symlink_to(Path(site_dir).resolve(), target_is_directory=True)
        else:
            webroot = str(Path(site_dir).resolve())
        not_found = Path(site_dir, "404.html")

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def send_error(self, code, message=None, explain=None):
                if code == 404 and error_page and not_found.is_file():
                    body = not_found.read_bytes()
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(body)
                    return
                super().send_error(code, message, explain)

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser left mid-answer
                    super().handle_error(request, client_address)

        server = Server(("127.0.0.1", 0), functools.partial(Handler, directory=str(webroot)))
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/{sub + '/' if sub else ''}"
        finally:
            server.shutdown()
            server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m build_tools linkcheck",
        description="Serve a built site under a sub-path on 127.0.0.1 and check every link and anchor.",
    )
    parser.add_argument("site_dir", nargs="?", default="site", help="the built site (default: site)")
    parser.add_argument("--sub-path", default=DEFAULT_SUB_PATH, help=f"served under (default: {DEFAULT_SUB_PATH})")
    args = parser.parse_args(argv)
    site_dir = Path(args.site_dir)
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}: no index.html here; build the site first (make site)", file=sys.stderr)
        return 2
    with serve(site_dir, args.sub_path) as base_url:
        report = check_site(site_dir, base_url)
    print(report.summary())
    return 0 if report.ok and not report.orphans else 1


if __name__ == "__main__":
    sys.exit(main())
