"""The site's search index: Pagefind over the built pages (see README, "Search").

At the end of every build (``search_hooks.on_post_build``: `mkdocs build`, `make site`,
`mkdocs serve`) Pagefind reads the built pages and writes a sharded index into
``site/pagefind/``: the words, split into chunks by their first letters, so that a
query downloads the chunks of its own words and the fragments of the results it
shows, never the whole index.

What is indexed, and how (the page's markup comes from ``overrides/main.html``):

- a page's content only (``data-pagefind-body``), without what is marked
  ``data-pagefind-ignore`` (tables' headings, concordances, notes on changes, the
  "cite this page" box);
- every page in one index: the site's pages are all Kazakh pages (``<html lang="kk">``,
  the interface's language; the Russian text is a ``lang="ru"`` part of one), and Pagefind
  would split pages of different languages into separate indexes, each searched alone.
  One index lets a query in any language find every text. Pagefind has no Kazakh
  stemmer: the merge files every word form it found under the form's search key
  (``core/search_key.py``, ``index_files.merge_indexes``), the stem the search script
  makes of a query word (``docs/assets/search/kazakh-stem.js``), and Pagefind matches
  every key of a query as a prefix of the indexed keys;
- a text's page not whole but in blocks (:func:`page_records`): each section (h2, h3) on its
  own, a long one in runs of paragraphs of about :data:`BLOCK_CHARS` characters, each found
  at its heading or its first paragraph (``#p480``) and named by its heading and paragraphs
  (``¶ 480–505``). A result downloads its record's text (Pagefind's "fragment", which the
  excerpts are cut from): a whole chapter of the dissertation is about 100 kB gzipped, a block
  about 10 kB, so a first query stays small however long the texts grow;
- each note of the commentary as a record of its own (``kind: commentary``), found at its
  anchor on the text's page; the page's own records leave the notes out;
- filters: ``text`` (the text's short title), ``language`` and ``kind`` (:data:`KINDS`);
- a glossary entry's own acronyms as the metadata field ``acronyms``, which the search
  script weighs far above the text (an entry ranks first for its acronym, above entries
  that only mention it).

A large edition's index is written in parts (:func:`split_parts`): Pagefind's indexer holds
all it indexes in memory (about 60 bytes a character of text), so the records are indexed
:data:`PART_CHARS` characters at a time, each part by an indexer of its own into
``pagefind/.parts/<n>/``, and the parts are then merged into the one index Pagefind would have
written over all of them (:func:`index_files.merge_indexes`, which reads a chunk of each part at
a time). The memory a build needs stays that of one part however large the edition grows, and
the browser sees one index, as for a small edition. An edition under PART_CHARS (the real one)
is indexed in one part, which the merge files under its keys all the same.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import html
import json
import re
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import EditionError
from ..core.locale import t
from ..core.model import TextMeta
from ..core.search_key import index_key
from .index_files import canonical_filters, merge_indexes

BUNDLE_DIR = "pagefind"  # site/pagefind/: the index and Pagefind's search script
INDEX_LANGUAGE = "kk"  # the one index every page goes into (see the module's docstring)
KINDS = ("text", "commentary", "glossary", "chronology")  # the `kind` filter's values
LANGUAGES = ("kk", "ru", "en")  # the `language` filter's values (en: a glossary entry's English names)
NOTES_SELECTOR = ".cm-notes"  # the commentary of a text page, indexed note by note
HEADERLINK_SELECTOR = ".headerlink"  # the ¶ that links to a heading
BLOCK_CHARS = 12_000  # a text's page is indexed in blocks of about this many characters
ACRONYMS_META = "acronyms"  # a glossary entry's own acronyms (weighted in edition-search.js)
UNINDEXED = "data-edition-unindexed"  # a page that holds it is left out (render/glossary.py: a concordance's further pages)
PART_CHARS = 10_000_000  # characters of text an index part holds: its indexer peaks at about 0.75 GB
PARTS_DIR = ".parts"  # where a large edition's parts are written, in the bundle, until they are merged
# What of a part is its index (index_files.merge_indexes reads them); the rest is Pagefind's script.
INDEX_FILES = ("pagefind-entry.json", "*.pf_meta", "index", "fragment", "filter")
# What Pagefind writes besides the index and its search API: its own search interfaces,
# which the site does not use (its search box is overrides/partials/search.html).
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


@dataclass(frozen=True)
class Facets:
    """How the search describes a page: its filters and its extra metadata."""

    kind: str = ""  # one of KINDS, or "" (home, about, the list of texts)
    text: str = ""  # the text's short title, for the pages of a text
    languages: tuple[str, ...] = ()
    meta: tuple[tuple[str, str], ...] = ()  # extra data-pagefind-meta fields

    def filters(self) -> list[tuple[str, str]]:
        """(filter, value) pairs, as the page's markup gives them to Pagefind."""
        pairs = [("kind", self.kind)] if self.kind else []
        pairs += [("text", self.text)] if self.text else []
        pairs += [("language", lang) for lang in self.languages]
        return pairs


def page_facets(src_uri: str, texts: list[TextMeta], meta: dict | None = None) -> Facets:
    """The facets of the page built from ``src_uri`` (a path under docs/, e.g. texts/002/1-tarau.md)."""
    meta = meta or {}
    for text in texts:
        if src_uri.startswith(text.url_dir + "/"):
            short = text.short_title or text.title
            return Facets(kind="text", text=short, languages=(text.language,))
    if src_uri.startswith("glossary/"):
        acronyms = [str(a) for a in meta.get("acronyms") or [] if str(a).strip()]
        own = ((ACRONYMS_META, " ".join(acronyms)),) if acronyms else ()
        # an entry page gives the names in three languages
        languages = LANGUAGES if own or _is_entry(src_uri) else ("kk",)
        return Facets(kind="glossary", languages=languages, meta=own)
    if src_uri == "chronology.md":
        return Facets(kind="chronology", languages=("kk",))
    return Facets(languages=("kk",))


def _is_entry(src_uri: str) -> bool:
    return re.fullmatch(r"glossary/[^/]+\.md", src_uri) is not None and src_uri != "glossary/index.md"


# --------------------------------------------------------------------------- the notes as records


_NOTE = re.compile(r'<li id="(cm-\d+)"[^>]*class="cm-note"[^>]*>(.*?)(?=<li id="cm-\d+"|</ol>\s*$)', re.S)
_SECTION = re.compile(r'<section class="cm-notes"[^>]*>(.*?)</section>', re.S)
_DROP = re.compile(r'<span class="cm-where">.*?</span>|<a class="cm-back".*?</a>', re.S)
_TEXT_FILTER = re.compile(r'<span data-pagefind-filter="(text:[^"]*)" hidden>')


def note_records(page_html: str, url: str) -> list[Record]:
    """The commentary's notes of a built text page, each as a record of its own.

    A record has the page's text filter, ``kind: commentary`` and ``language: kk`` (notes
    are Kazakh), a title naming the note ("Түсініктеме 3"), and the note's words; the
    place it stands (¶ 11) and the link back to the text are left out.
    """
    section = _SECTION.search(page_html)
    if not section:
        return []
    spans = [f"kind:{KINDS[1]}", *_TEXT_FILTER.findall(page_html)[:1], f"language:{INDEX_LANGUAGE}"]
    filters = "".join(f'<span data-pagefind-filter="{value}" hidden></span>' for value in spans)
    records = []
    for anchor, inner in _NOTE.findall(section.group(1)):
        number = anchor.split("-", 1)[1]
        title = html.escape(t("notes.marker_label", n=number))
        content = (
            f'<html lang="{INDEX_LANGUAGE}"><body><div data-pagefind-body>{filters}'
            f'<span data-pagefind-meta="title:{title}" hidden></span>{_DROP.sub("", inner)}</div></body></html>'
        )
        records.append(Record(url=f"{url}#{anchor}", html=content, chars=len(inner)))
    return records


# --------------------------------------------------------------------------- a text page in blocks


@dataclass(frozen=True)
class Record:
    url: str  # site path, with the anchor where the record starts
    html: str  # a small page Pagefind indexes as the record
    chars: int = 0  # the characters of text it gives the index (what parts are measured by)


_NEVER_INDEXED = "nav, label, form, svg, footer, script, style, noscript, template, iframe"


def _indexed_chars(element) -> int:
    """How many characters of ``element`` the index would hold (what it leaves out is not counted)."""
    from lxml import html as lxml_html

    clone = lxml_html.fromstring(lxml_html.tostring(element, encoding="unicode", with_tail=False))
    for node in clone.xpath(
        "descendant-or-self::*[@data-pagefind-ignore or contains(@class, 'cm-notes') or contains(@class, 'headerlink')]"
        " | " + " | ".join(f"descendant-or-self::{tag}" for tag in _NEVER_INDEXED.split(", "))
    ):
        if node is clone:
            return 0
        node.drop_tree()
    return len("".join(clone.text_content().split()))


def page_records(page_html: str, url: str, split: bool = True) -> list[Record]:
    """A built page as records. A text's page (``split``): the part before its first section,
    each section (h2, h3), a long part in runs of paragraphs of about BLOCK_CHARS characters;
    a record has the page's filters, its title (the section's heading, or the page's title
    before the first section), the page's title (``page``) and its paragraphs (``place``:
    ¶ 480–505) as metadata. Any other page is one record.

    Only headings keep their ``id``: Pagefind keeps the text of every element with an id as an
    anchor of the record, so a paragraph's id (``p480``) would store each paragraph twice."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(page_html)
    bodies = tree.xpath("//*[@data-pagefind-body]")
    if not bodies:
        return []
    body = bodies[0]
    spans = [lxml_html.tostring(s, encoding="unicode", with_tail=False) for s in body.xpath("./span[@data-pagefind-filter]")]
    extra_meta = [tuple(s.get("data-pagefind-meta").split(":", 1)) for s in body.xpath("./span[@data-pagefind-meta]")]
    page_title = dict(extra_meta).get("title", "")
    container, lang = body, ""
    wrappers = [c for c in body if c.tag == "div" and c.get("lang")]
    if wrappers and not body.xpath("./h1"):
        container, lang = wrappers[0], wrappers[0].get("lang")
    blocks: list[dict] = []
    current = {"title": page_title, "anchor": "", "parts": [], "chars": 0, "paras": []}

    def flush():
        if current["chars"]:
            blocks.append(dict(current))

    for child in container:
        if not isinstance(child.tag, str) or child.get("data-pagefind-filter") or child.get("data-pagefind-meta"):
            continue
        if child.tag == "h1" and split:
            continue  # the page's title: every record has it as `page`
        for node in child.xpath("descendant-or-self::*[@id]"):
            if node.tag not in ("h1", "h2", "h3", "h4", "h5", "h6"):
                del node.attrib["id"]
        numbers = [int(n) for n in child.xpath("descendant-or-self::a[@class='pnum']/@data-n")]
        if child.tag in ("h2", "h3") and split:
            flush()
            title = " ".join(child.text_content().replace("¶", "").split())
            current = {"title": title, "anchor": child.get("id") or "", "parts": [], "chars": 0, "paras": []}
        elif split and current["chars"] >= BLOCK_CHARS and numbers:
            flush()
            current = {"title": current["title"], "anchor": f"p{numbers[0]}", "parts": [], "chars": 0, "paras": []}
        current["parts"].append(lxml_html.tostring(child, encoding="unicode", with_tail=False))
        current["chars"] += _indexed_chars(child)
        current["paras"] += numbers
    flush()
    records = []
    for block in blocks:
        paras = block["paras"]
        place = (f"¶ {paras[0]}" + (f"–{paras[-1]}" if paras[-1] != paras[0] else "")) if paras else ""
        meta = [("title", block["title"])]
        if split:
            meta += [("page", page_title)] + ([("place", place)] if place else [])
        meta += [(k, v) for k, v in extra_meta if k != "title"]
        meta_spans = "".join(f'<span data-pagefind-meta="{k}:{html.escape(v)}" hidden></span>' for k, v in meta)
        inner = "".join(block["parts"])
        if lang:
            inner = f'<div lang="{lang}">{inner}</div>'
        content = (
            f'<html lang="{INDEX_LANGUAGE}"><body><div data-pagefind-body>{"".join(spans)}{meta_spans}'
            f"{inner}</div></body></html>"
        )
        url_here = f"{url}#{block['anchor']}" if block["anchor"] else url
        records.append(Record(url=url_here, html=content, chars=block["chars"]))
    return records


def split_parts(records: list[Record], part_chars: int = PART_CHARS) -> list[list[Record]]:
    """The records in parts of at most ``part_chars`` characters, in their order (a record
    longer than that is a part of its own). An edition under ``part_chars`` is one part (an
    edition with no records, one empty part)."""
    parts: list[list[Record]] = [[]]
    size = 0
    for record in records:
        if parts[-1] and size + record.chars > part_chars:
            parts.append([])
            size = 0
        parts[-1].append(record)
        size += record.chars
    return parts


# --------------------------------------------------------------------------- writing the index


def _page_url(site_dir: Path, path: Path) -> str:
    rel = path.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


class IndexStopped(Exception):
    """The index was not written: it was asked to stop (``stop`` was set)."""


def build_search_index(site_dir: Path, part_chars: int = PART_CHARS, stop: threading.Event | None = None) -> dict:
    """Index the built site into ``site_dir/pagefind/``; returns the counts of records, notes and parts.

    ``stop``, once set, ends the indexing within a twentieth of a second (its indexer is
    killed) and raises :class:`IndexStopped`: `mkdocs serve` stops the index of a build an
    edit has made out of date. Where this thread already runs an event loop (a caller's own:
    Playwright's synchronous API keeps one), the indexing runs in a thread of its own, as
    asyncio cannot nest loops."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_build(Path(site_dir), part_chars, stop))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(_build(Path(site_dir), part_chars, stop))).result()


# Pagefind's indexer: the npm package's binary (package.json pins the version; `make setup`
# installs it), which also writes the search script and WebAssembly the site ships. PyPI's
# pagefind_bin stops at 1.5.2, whose search scores a query's results in a time that grows with
# the square of their number; 1.6.0 answers the 100× corpus's commonest words 2–2.5× faster
# (README, "Search at scale").
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
INDEXER_PACKAGE = "pagefind"


def indexer_binary(node_modules: Path = NODE_MODULES) -> Path:
    """The Pagefind binary npm installed for this machine (``@pagefind/<platform>/bin/``)."""
    names = ("pagefind_extended", "pagefind_extended.exe", "pagefind", "pagefind.exe")
    found = [b for b in sorted(node_modules.glob("@pagefind/*/bin/*")) if b.name in names and b.is_file()]
    if not found:
        raise EditionError(
            node_modules / "@pagefind",
            f"Pagefind's indexer is not installed (the npm package {INDEXER_PACKAGE!r}, pinned in package.json)",
            hint="run `make setup` (it runs `npm ci`)",
        )
    return min(found, key=lambda b: names.index(b.name))


def _service_class():
    """Pagefind's indexing service (the ``pagefind`` package's client, run on
    :func:`indexer_binary`), reading each answer as soon as it comes: the package's own reader
    waits 0.1 s before each one, which made indexing page by page take 0.1 s a record (25 s for
    the five texts). The answers are read as the package reads them (base64 JSON, each followed
    by a comma)."""
    import base64

    from pagefind.service import PagefindService

    class Service(PagefindService):
        def __init__(self) -> None:  # the client's own looks for PyPI's binary
            self._loop = asyncio.get_event_loop()
            self._bin = indexer_binary()
            self._responses = {}

        async def _wait_for_responses(self) -> None:
            while True:
                output = await self._backend.stdout.readuntil(b",")
                response = json.loads(base64.b64decode(output[:-1]))
                if not response:
                    continue
                message_id = response.get("message_id")
                payload = response.get("payload") or {}
                if message_id is None and payload.get("original_message"):
                    message_id = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.get(message_id)
                if future is None or future.done():
                    continue
                if payload.get("type") == "Error":
                    future.set_exception(Exception(payload.get("message"), payload.get("original_message")))
                else:
                    future.set_result(payload)

        async def kill(self) -> None:
            """End the indexer now (``close`` waits for every answer first)."""
            self._poll_task.cancel()
            if self._backend.returncode is None:
                self._backend.kill()
            await self._backend.wait()

    return Service


async def _unless_stopped(awaitable, stop: threading.Event | None):
    """``awaitable``'s result, unless ``stop`` is set first (then :class:`IndexStopped`)."""
    task = asyncio.ensure_future(awaitable)
    while True:
        done, _ = await asyncio.wait({task}, timeout=0.05)
        if done:
            return task.result()
        if stop is not None and stop.is_set():
            task.cancel()
            raise IndexStopped()


async def _written(output: Path, timeout: float = 60.0) -> None:
    """Wait until the service has finished writing the index before it is stopped.

    Pagefind's service may answer WriteFiles while files are still being written, and stopping it
    then left an empty ``pagefind-entry.json`` (seen once in a full test run). The index is whole
    when its entry file reads as JSON and no file under it changes size over three looks."""
    entry = output / "pagefind-entry.json"
    deadline = time.monotonic() + timeout
    last, steady = None, 0
    while steady < 3:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{output} still changing after {timeout:.0f} s")
        await asyncio.sleep(0.05)
        try:
            json.loads(entry.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            last, steady = None, 0
            continue
        sizes = sorted((str(p), p.stat().st_size) for p in output.rglob("*") if p.is_file())
        steady = steady + 1 if sizes == last else 0
        last = sizes


def site_records(site_dir: Path, stop: threading.Event | None = None) -> tuple[list[Record], list[Record]]:
    """The records of the built site's pages, in the order of their paths, and its notes."""
    records: list[Record] = []
    notes: list[Record] = []
    for path in sorted(site_dir.rglob("*.html")):
        if stop is not None and stop.is_set():
            raise IndexStopped()
        if path.relative_to(site_dir).parts[0] == BUNDLE_DIR:
            continue
        text = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in text or UNINDEXED in text:  # the 404 page, a concordance's further pages
            continue
        url = _page_url(site_dir, path)
        split = 'data-pagefind-filter="kind:text"' in text
        records += page_records(text, url, split=split) or [Record(url=url, html=text, chars=len(text))]
        if 'class="cm-notes"' in text:
            notes += note_records(text, url)
    return records, notes


async def _build(site_dir: Path, part_chars: int = PART_CHARS, stop: threading.Event | None = None) -> dict:
    output = site_dir / BUNDLE_DIR
    records, notes = site_records(site_dir, stop)
    counts = {"records": len(records), "notes": len(notes)}
    parts = split_parts(records + notes, part_chars)
    del records, notes  # each part's records are let go once it is written
    shutil.rmtree(output, ignore_errors=True)  # an earlier build's index: Pagefind adds to what it finds
    written = output / PARTS_DIR
    try:
        for number, part in enumerate(parts, start=1):
            await _write_part(part, written / str(number), stop=stop)
            parts[number - 1] = part = []
        for path in (written / "1").iterdir():  # Pagefind's script and WebAssembly
            if not any(path.match(pattern) for pattern in INDEX_FILES):
                shutil.move(path, output / path.name)
        merge_indexes([written / str(n) for n in range(1, len(parts) + 1)], output, key=index_key)
    finally:
        shutil.rmtree(written, ignore_errors=True)
    for pattern in UNUSED:
        for path in output.glob(pattern):
            path.unlink()
    return {**counts, "parts": len(parts)}


async def _write_part(records: list[Record], output: Path, stop: threading.Event | None = None) -> None:
    """Index ``records`` into ``output`` with an indexer (a Pagefind service) of their own, so
    that the memory it held is given back before the next part."""
    config = {
        "force_language": INDEX_LANGUAGE,
        "exclude_selectors": [NOTES_SELECTOR, HEADERLINK_SELECTOR],
        "output_path": str(output),
    }
    service = await _service_class()().launch()
    stopped = False
    try:
        index = await service.create_index(config)
        batch = 64  # records sent at once: the service answers each; their text is held meanwhile
        for start in range(0, len(records), batch):
            sent = (index.add_html_file(content=r.html, url=r.url) for r in records[start : start + batch])
            await _unless_stopped(asyncio.gather(*sent), stop)
        await _unless_stopped(index.write_files(), stop)
        await _unless_stopped(_written(output), stop)
    except IndexStopped:
        stopped = True
        raise
    except Exception as exc:  # the service's errors name no file: say what was being done
        raise EditionError(output, f"the search index could not be written: {exc}") from exc
    finally:
        await (service.kill() if stopped else service.close())
    canonical_filters(output)
