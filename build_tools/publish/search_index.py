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
  stemmer, so the index keeps the word forms as written (lower-cased) and stems none:
  the search script reduces a query to its search keys, and Pagefind matches every key
  as a prefix of the indexed words (``docs/assets/search/kazakh-stem.js``);
- each note of the commentary as a record of its own (``kind: commentary``), found at its
  anchor on the text's page; the page's own record leaves the notes out;
- filters: ``text`` (the text's short title), ``language`` and ``kind`` (:data:`KINDS`);
- a glossary entry's own acronyms as the metadata field ``acronyms``, which the search
  script weighs far above the text (an entry ranks first for its acronym, above entries
  that only mention it).
"""

from __future__ import annotations

import asyncio
import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import EditionError
from ..core.locale import t
from ..core.model import TextMeta

BUNDLE_DIR = "pagefind"  # site/pagefind/: the index and Pagefind's search script
INDEX_LANGUAGE = "kk"  # the one index every page goes into (see the module's docstring)
KINDS = ("text", "commentary", "glossary", "chronology")  # the `kind` filter's values
LANGUAGES = ("kk", "ru", "en")  # the `language` filter's values (en: a glossary entry's English names)
NOTES_SELECTOR = ".cm-notes"  # the commentary of a text page, indexed note by note
HEADERLINK_SELECTOR = ".headerlink"  # the ¶ that links to a heading
ACRONYMS_META = "acronyms"  # a glossary entry's own acronyms (weighted in edition-search.js)
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


@dataclass(frozen=True)
class NoteRecord:
    url: str  # site path and anchor, e.g. /texts/000/#cm-1
    html: str  # a small page Pagefind indexes as the note's record


_NOTE = re.compile(r'<li id="(cm-\d+)"[^>]*class="cm-note"[^>]*>(.*?)(?=<li id="cm-\d+"|</ol>\s*$)', re.S)
_SECTION = re.compile(r'<section class="cm-notes"[^>]*>(.*?)</section>', re.S)
_DROP = re.compile(r'<span class="cm-where">.*?</span>|<a class="cm-back".*?</a>', re.S)
_TEXT_FILTER = re.compile(r'<span data-pagefind-filter="(text:[^"]*)" hidden>')


def note_records(page_html: str, url: str) -> list[NoteRecord]:
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
        records.append(NoteRecord(url=f"{url}#{anchor}", html=content))
    return records


# --------------------------------------------------------------------------- writing the index


def _page_url(site_dir: Path, path: Path) -> str:
    rel = path.relative_to(site_dir).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def build_search_index(site_dir: Path) -> dict:
    """Index the built site into ``site_dir/pagefind/``; returns Pagefind's counts."""
    return asyncio.run(_build(Path(site_dir)))


async def _build(site_dir: Path) -> dict:
    from pagefind.index import PagefindIndex

    output = site_dir / BUNDLE_DIR
    config = {
        "force_language": INDEX_LANGUAGE,
        "exclude_selectors": [NOTES_SELECTOR, HEADERLINK_SELECTOR],
        "output_path": str(output),
    }
    records: list[NoteRecord] = []
    for path in sorted(site_dir.rglob("*.html")):
        if path.relative_to(site_dir).parts[0] == BUNDLE_DIR:
            continue
        text = path.read_text(encoding="utf-8")
        if 'class="cm-notes"' in text:
            records += note_records(text, _page_url(site_dir, path))
    try:
        async with PagefindIndex(config=config) as index:
            pages = await index.add_directory(str(site_dir), glob="**/*.html")
            for record in records:
                await index.add_html_file(content=record.html, url=record.url)
    except Exception as exc:  # the service's errors name no file: say what was being done
        raise EditionError(output, f"the search index could not be written: {exc}") from exc
    for pattern in UNUSED:
        for path in output.glob(pattern):
            path.unlink()
    return {"pages": pages.get("page_count", 0), "notes": len(records)}
