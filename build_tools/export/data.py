"""The edition as open data: every file it ships, as data, and one archive of them all.

The files are made as the pipeline renders the texts, one document at a time
(publish/pipeline.py): :class:`OpenData` takes each text's files as its document comes
(:meth:`OpenData.add_text`) and keeps of it only a row of ``texts.json``, its record and the ¶
where the glossary finds its terms; :meth:`OpenData.finish` then makes the edition's files and
the archive.  Each file is a :class:`DataFile` (a path under ``data/``, its bytes, its media
type and what it is) handed to a :class:`DataStore`: memory (the tests, :func:`data_files`), or
a folder of the build's own, where each file's bytes go to disk as soon as they are made and
the archive is written from the disk, one file at a time.  The publish stage adds the files to
the built site (``publish/mkdocs_hooks.py``), and ``export/data_page.py`` writes the page that
lists them.

What is shipped, for each text (``texts/<id>/``; the id names files and addresses only):

* ``raw.txt`` — the source file's bytes, unchanged, in the encoding ``texts.yaml`` gives;
* ``clean.txt`` — the cleaned text, UTF-8;
* ``changes.jsonl`` — the change log, one JSON object a line: every change (``type: change``)
  with its offsets in the raw text and in the cleaned text, then every doubtful place the
  cleaner left unchanged (``type: doubt``).  Offsets count code points of the raw text as
  decoded (a byte order mark is no character of it);
and its TEI P5 document ``tei/<id>.xml`` (``export/tei.py``; all TEI files side by side in
``tei/``, where their pointers to each other resolve);

and for the edition: ``texts.json`` (the texts, their names and files), ``glossary.json`` and
``glossary.csv`` (every entry, with its occurrences per text), ``chronology.json`` and
``chronology.csv``, ``tei/glossary.xml`` (glossary and chronology as TEI lists), ``README.txt``
(what is here, the formats, the licence), and the manifests: ``manifest.json`` (path, bytes,
sha256, media type, description of every other file) and ``SHA256SUMS`` (the same checksums in
``sha256sum`` format).  The archive ``edition-data-<version>.zip`` holds all of them in one
folder, its entries sorted and stamped with one time (``SOURCE_DATE_EPOCH``, else the build's
day), so two builds of the same edition give the same bytes; :func:`verify_archive` checks one.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..annotate.commentary import Commentary
from ..annotate.glossary import LANGS, Glossary
from ..core.locale import t
from ..core.model import Document, EditionInfo, TextMeta
from ..render import apparatus
from ..render.citing import edition_title
from ..render.corpus import TextRecord, record_of, term_counts
from ..render.glossary import entry_src
from ..render.names import short_title, siglum
from ..render.notes import CHRONOLOGY_SRC
from ..read.edition import build_moment
from ..read.sources import ENCODING_NAMES
from ..structure import pages
from ..structure.pages import page_url
from . import tei
from .tei_lists import merge_places, term_places

DATA_DIR = pages.DATA_DIR  # where the files are published in the site (data/<path>)
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
README = "README.txt"
LIST_SEPARATOR = " | "  # between the items of a list in one CSV cell

# The encodings a source may have (texts.yaml `encoding`): the name readers know, and the
# charset of its media type.
ENCODINGS = ENCODING_NAMES  # read/sources.py: the encodings a raw text may have
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

MEDIA_TYPES = {
    ".txt": "text/plain; charset=utf-8",
    ".jsonl": "application/jsonl",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8; header=present",
    ".xml": "application/tei+xml",
    ".zip": "application/zip",
    "": "text/plain; charset=utf-8",  # SHA256SUMS
}


@dataclass(frozen=True)
class DataFile:
    """One file the edition ships: where it goes (under ``data/``), its bytes, what it is.

    ``description_key`` names its description in the locale file (``data.files.<key>``, Kazakh
    and English), whose placeholders ``facts`` fills (a text's siglum, short title, encoding);
    ``text_id`` is the text the file belongs to ("" for the edition's files).  Once a
    :class:`DataStore` has written the bytes to disk, ``content`` is None and the file is known
    by its ``size`` and ``sha256``, which are always those of its bytes.
    """

    path: str
    content: bytes | None
    media_type: str
    description_key: str
    text_id: str = ""
    facts: tuple[tuple[str, str], ...] = ()
    size: int = -1
    sha256: str = ""

    def __post_init__(self):
        if self.content is not None:
            object.__setattr__(self, "size", len(self.content))
            object.__setattr__(self, "sha256", hashlib.sha256(self.content).hexdigest())

    def description(self, language: str = "kk") -> str:
        return t(f"data.files.{self.description_key}.{language}", **dict(self.facts))


# --------------------------------------------------------------------------- small helpers


def encoding_label(encoding: str, content: bytes = b"") -> str:
    """"UTF-8", "Windows-1251", …; "UTF-8 + BOM" when the bytes start with a byte order mark."""
    name = ENCODINGS.get(encoding, (encoding.upper(), encoding))[0]
    return name + (" + BOM" if content.startswith(_BOMS) else "")


def _media_type(path: str) -> str:
    return MEDIA_TYPES[Path(path).suffix]


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _csv(header: list[str], rows: list[list]) -> bytes:
    """CSV (RFC 4180: CRLF, quoted where needed), UTF-8 with a BOM so spreadsheets read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def text_facts(doc: Document) -> tuple[tuple[str, str], ...]:
    meta = doc.meta
    return (("siglum", siglum(meta)), ("short_title", short_title(meta)), ("title_en", meta.title_en))


LISTS_PATH = f"{pages.TEI_DIR}/{tei.LISTS_FILE}"  # beside the texts' TEI files, which point into it
text_paths = pages.text_data_paths


def archive_name(version: str) -> str:
    return f"edition-data-{version}.zip"


def archive_time(environ: dict | None = None) -> tuple[int, int, int, int, int, int]:
    """The archive's one timestamp: the build's moment (read/edition.py); zip cannot say a time before 1980."""
    return max(build_moment(environ), (1980, 1, 1, 0, 0, 0))


# --------------------------------------------------------------------------- one text


def change_log_lines(doc: Document) -> list[dict]:
    """The change log as JSON objects: every change (its place in both texts), then every doubt."""
    lines = []
    for placed in doc.clean.placed_changes():
        change = placed.change
        lines.append(
            {
                "type": "change",
                "rule": change.rule,
                "kind": apparatus.group_of(change),
                "trivial": apparatus.is_trivial(change),
                "start": change.start,
                "end": change.end,
                "before": change.before,
                "after": change.after,
                "note": change.note,
                "clean_start": placed.out_start,
                "clean_end": placed.out_end,
            }
        )
    for offset, message in doc.clean.doubts:
        rule, _, text = message.partition(": ")
        lines.append({"type": "doubt", "rule": rule, "start": offset, "message": text or message})
    return lines


def _jsonl(lines: list[dict]) -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode("utf-8")


def text_files(
    doc: Document,
    raw: bytes,
    glossary: Glossary,
    commentary: Commentary | None,
    info: EditionInfo | None,
    checksum: str | None = None,
) -> list[DataFile]:
    """A text's four files: TEI, raw bytes, cleaned text, change log. ``checksum``: the raw
    file's SHA-256 as the edition's SHA256SUMS lists it (by default the project's)."""
    facts = text_facts(doc)
    paths = text_paths(doc.meta.id)
    encoding = doc.meta.encoding
    charset = ENCODINGS.get(encoding, ("", encoding))[1]
    raw_facts = facts + (("encoding", encoding_label(encoding, raw)),)
    return [
        DataFile(paths["tei"], tei.text_tei(doc, glossary, commentary, info, checksum=checksum), _media_type(paths["tei"]), "tei", doc.meta.id, facts),
        DataFile(paths["raw"], raw, f"text/plain; charset={charset}", "raw", doc.meta.id, raw_facts),
        DataFile(paths["clean"], doc.clean.text.encode("utf-8"), _media_type(paths["clean"]), "clean", doc.meta.id, facts),
        DataFile(paths["changes"], _jsonl(change_log_lines(doc)), _media_type(paths["changes"]), "changes", doc.meta.id, facts),
    ]


# --------------------------------------------------------------------------- the edition's lists


def text_row(doc: Document, raw: bytes) -> dict:
    """A text in ``texts.json``: how the edition names it, its source, and its files."""
    meta = doc.meta
    return {
        "id": meta.id,
        "siglum": siglum(meta),
        "short_title": short_title(meta),
        "title": meta.title,
        "title_en": meta.title_en,
        "language": meta.language,
        "kind": meta.kind,
        "author": meta.author,
        "year": meta.year,
        "source_notes_kk": meta.source_notes_kk,
        "source_notes": meta.source_notes,
        "source_file": meta.file,
        "encoding": meta.encoding,
        "byte_order_mark": raw.startswith(_BOMS),
        "raw_characters": len(doc.clean.raw),
        "clean_characters": len(doc.clean.text),
        "changes": len(doc.clean.changes),
        "doubts": len(doc.clean.doubts),
        "url": page_url(f"{meta.url_dir}/index.md"),
        "files": text_paths(meta.id),
    }


def glossary_records(glossary: Glossary, records: list[TextRecord]) -> list[dict]:
    """Every glossary entry (sorted by id): names, acronyms, variants, description, occurrences
    (``records``: the texts' records, render/corpus.py, whose term counts these are)."""
    usage = term_counts(records)
    out = []
    for entry_id in sorted(glossary.entries):
        entry = glossary.entries[entry_id]
        counts = usage.get(entry_id, Counter())
        out.append(
            {
                "id": entry.id,
                "kind": entry.kind,
                "name": {lang: entry.name.get(lang, "") for lang in LANGS},
                "acronyms": {lang: list(entry.acronym.get(lang, [])) for lang in LANGS},
                "variants": {lang: list(entry.variants.get(lang, [])) for lang in LANGS},
                "description": {lang: entry.description.get(lang, "") for lang in ("kk", "en")},
                "dates": entry.dates,
                "link": entry.link,
                "url": page_url(entry_src(entry.id)),
                "occurrences": {record.id: counts[record.id] for record in records},
                "occurrences_total": sum(counts.values()),
            }
        )
    return out


def glossary_csv(records: list[dict], ids: list[str]) -> bytes:
    """``glossary.csv``: a row for each entry, an occurrences column for each text (``ids``, in order)."""
    header = [
        "id", "kind",
        *(f"name_{lang}" for lang in LANGS),
        *(f"acronyms_{lang}" for lang in LANGS),
        *(f"variants_{lang}" for lang in LANGS),
        "description_kk", "description_en", "dates", "link", "url", "occurrences_total",
        *(f"occurrences_{i}" for i in ids),
    ]  # fmt: skip
    rows = [
        [
            r["id"], r["kind"],
            *(r["name"][lang] for lang in LANGS),
            *(LIST_SEPARATOR.join(r["acronyms"][lang]) for lang in LANGS),
            *(LIST_SEPARATOR.join(r["variants"][lang]) for lang in LANGS),
            r["description"]["kk"], r["description"]["en"], r["dates"], r["link"], r["url"], r["occurrences_total"],
            *(r["occurrences"][i] for i in ids),
        ]  # fmt: skip
        for r in records
    ]
    return _csv(header, rows)


def chronology_records(commentary: Commentary | None, texts: list[TextMeta]) -> list[dict]:
    """Every event of the chronology in date order, with the paragraphs that discuss it."""
    metas = {meta.id: meta for meta in texts}
    records = []
    for event in commentary.events if commentary else []:
        records.append(
            {
                "id": event.id,
                "date": event.date,
                "end": event.end,
                "title": {"kk": event.title_kk, "en": event.title_en},
                "description_kk": event.description_kk,
                "glossary": list(event.glossary),
                "places": [
                    {
                        "text": ref.text,
                        "siglum": siglum(metas[ref.text]) if ref.text in metas else "",
                        "paragraph": ref.paragraph,
                        "url": (page_url(ref.page_src) if ref.page_src else "") + (f"#p{ref.paragraph}" if ref.paragraph else ""),
                    }
                    for ref in event.places
                ],
                "url": f"{page_url(CHRONOLOGY_SRC)}#ev-{event.id}",
            }
        )
    return records


def chronology_csv(records: list[dict]) -> bytes:
    header = ["id", "date", "end", "title_kk", "title_en", "description_kk", "glossary", "places", "url"]
    rows = [
        [
            r["id"], r["date"], r["end"], r["title"]["kk"], r["title"]["en"], r["description_kk"],
            LIST_SEPARATOR.join(r["glossary"]),
            LIST_SEPARATOR.join(f"{p['text']}:{p['paragraph']}" for p in r["places"]),
            r["url"],
        ]  # fmt: skip
        for r in records
    ]
    return _csv(header, rows)


# --------------------------------------------------------------------------- README and manifests


def _edition_facts(info: EditionInfo | None, date: str) -> dict:
    return {
        "edition": edition_title(),
        "version": info.version if info else "",
        "date": date,
        "licence_name": info.licence_name if info else "",
        "licence_url": info.licence_url if info else "",
    }


def licence_text(info: EditionInfo | None, language: str = "kk") -> str:
    """Under which terms the data may be reused (edition.yaml), and that the raw texts are the authors'."""
    if not info or not info.licence_name:
        return t(f"data.licence.none.{language}")
    if language == "kk":
        return info.licence_kk
    return t("data.licence.en", name=info.licence_name, url=info.licence_url)


def readme(files: list[DataFile], info: EditionInfo | None, date: str) -> bytes:
    """README.txt: what the data is, every file, the formats, how to check them, the licence;
    Kazakh first, then English."""
    facts = _edition_facts(info, date)
    parts = []
    for lang in ("kk", "en"):
        listing = "\n".join(f"  {f.path}\n      {f.description(lang)}" for f in sorted(files, key=lambda f: f.path))
        parts.append(
            t(
                f"data.readme.{lang}",
                **facts,
                files=listing,
                manifest=MANIFEST,
                checksums=CHECKSUMS,
                licence=licence_text(info, lang),
                authors=t(f"data.authors.{lang}"),
            ).strip()
        )
    return ("\n\n" + "=" * 72 + "\n\n").join(parts).encode("utf-8") + b"\n"


def manifest_json(files: list[DataFile], info: EditionInfo | None, date: str) -> bytes:
    facts = _edition_facts(info, date)
    return _json(
        {
            "edition": facts["edition"],
            "version": facts["version"],
            "date": date,
            "licence": {"name": info.licence_name if info else "", "url": facts["licence_url"]},
            "files": [
                {
                    "path": f.path,
                    "bytes": f.size,
                    "sha256": f.sha256,
                    "media_type": f.media_type,
                    "description": f.description("en"),
                    "description_kk": f.description("kk"),
                }
                for f in sorted(files, key=lambda f: f.path)
            ],
        }
    )


def sha256sums(files: list[DataFile]) -> bytes:
    """``sha256sum`` format: the checksum, two spaces, the path (``sha256sum -c SHA256SUMS``)."""
    return "".join(f"{f.sha256}  {f.path}\n" for f in sorted(files, key=lambda f: f.path)).encode("utf-8")


# --------------------------------------------------------------------------- where the files go


class DataStore:
    """Where the open data's files go as they are made: memory, or a ``folder`` on disk.

    In a folder each file's bytes are written as it comes and only its size and checksum
    are kept (:class:`DataFile` with ``content`` None), so an edition of any size holds one
    file at a time; :meth:`read` gives the bytes back from wherever they are.
    """

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else None
        self._files: dict[str, DataFile] = {}
        self._memory: dict[str, bytes] = {}

    def add(self, f: DataFile) -> None:
        """Keep a file: its bytes, or (``content`` None) a file already written at :meth:`path`."""
        if f.path in self._files:
            raise ValueError(f"data file {f.path} made twice")
        if f.content is None:
            if self.folder is None or not self.path(f.path).is_file():
                raise ValueError(f"data file {f.path} has no bytes and is not in the store's folder")
        elif self.folder is None:
            self._memory[f.path] = f.content
        else:
            target = self.path(f.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.content)
            f = dataclasses.replace(f, content=None)
        self._files[f.path] = f

    def path(self, path: str) -> Path:
        """Where a file of a folder store is on disk."""
        if self.folder is None:
            raise ValueError("a store in memory has no files on disk")
        return self.folder / path

    def read(self, path: str) -> bytes:
        return self._memory[path] if self.folder is None else self.path(path).read_bytes()

    @property
    def files(self) -> list[DataFile]:
        """Every file, sorted by path, the archive (once made) last."""
        return sorted(self._files.values(), key=lambda f: (f.description_key == "archive", f.path))


# --------------------------------------------------------------------------- the whole, text by text


class OpenData:
    """The open data made as the texts come, one document at a time, then the edition's files.

    :meth:`add_text` makes a text's four files and keeps a row of ``texts.json``, its record
    (render/corpus.py: the glossary's counts) and the ¶ where its terms are (``glossary.xml``);
    :meth:`edition_files` makes the lists, the README and the manifests from those, and
    :meth:`finish` the archive last.  :func:`data_files` runs it on a list of documents.
    """

    def __init__(
        self,
        store: DataStore,
        glossary: Glossary,
        commentary: Commentary | None,
        info: EditionInfo | None,
        sums: dict[str, str] | None = None,
    ):
        """``sums``: the raw files' SHA-256 by file name (``tei.checksums``), by default the project's."""
        self.store, self.glossary, self.commentary, self.info = store, glossary, commentary, info
        self.sums = sums
        self.rows: list[dict] = []
        self.records: list[TextRecord] = []
        self.places: dict[str, dict[str, list[int]]] = {}

    def add_text(self, doc: Document, raw: bytes, record: TextRecord | None = None) -> None:
        """A text's files, from its document (with its notes) and the source's bytes ``raw``."""
        checksum = self.sums.get(doc.meta.file, "") if self.sums is not None else None
        for f in text_files(doc, raw, self.glossary, self.commentary, self.info, checksum):
            self.store.add(f)
        self.rows.append(text_row(doc, raw))
        self.records.append(record or record_of(doc))
        merge_places(self.places, term_places([doc]))

    def edition_files(self, date: str = "") -> list[DataFile]:
        """The edition's files (lists, README, manifests) added to the store; every file, sorted by path."""
        texts = [record.meta for record in self.records]
        glossary_data = glossary_records(self.glossary, self.records)
        chronology = chronology_records(self.commentary, texts)
        version = self.info.version if self.info else ""
        lists = tei.lists_tei(texts, self.places, self.glossary, self.commentary, self.info)
        made = [
            DataFile("texts.json", _json({"version": version, "texts": self.rows}), _media_type("texts.json"), "texts"),
            DataFile("glossary.json", _json({"version": version, "entries": glossary_data}), _media_type("glossary.json"), "glossary_json"),
            DataFile("glossary.csv", glossary_csv(glossary_data, [m.id for m in texts]), _media_type("glossary.csv"), "glossary_csv"),
            DataFile("chronology.json", _json({"version": version, "events": chronology}), _media_type("chronology.json"), "chronology_json"),
            DataFile("chronology.csv", chronology_csv(chronology), _media_type("chronology.csv"), "chronology_csv"),
            DataFile(LISTS_PATH, lists, _media_type(LISTS_PATH), "lists_tei"),
        ]  # fmt: skip
        for f in made:
            self.store.add(f)
        self.store.add(DataFile(README, readme(self.store.files, self.info, date), _media_type(README), "readme"))
        files = self.store.files
        self.store.add(DataFile(MANIFEST, manifest_json(files, self.info, date), _media_type(MANIFEST), "manifest"))
        self.store.add(DataFile(CHECKSUMS, sha256sums(files), _media_type(CHECKSUMS), "checksums"))
        return self.store.files

    def finish(self, date: str, stamp: tuple) -> list[DataFile]:
        """The edition's files, then the archive of them all (stamped ``stamp``): every file, the archive last."""
        files = self.edition_files(date)
        self.store.add(write_archive(self.store, files, self.info.version if self.info else "", stamp))
        return self.store.files


def data_files(
    documents: list[Document],
    glossary: Glossary,
    commentary: Commentary | None,
    info: EditionInfo | None,
    raw: dict[str, bytes],
    date: str = "",
) -> list[DataFile]:
    """Every file of the open data (no archive), sorted by path, made in memory from ``documents``;
    ``raw`` holds each text's source bytes (by id), ``date`` the build's date (ISO) for the README
    and the manifest."""
    data = OpenData(DataStore(), glossary, commentary, info)
    for doc in documents:
        data.add_text(doc, raw[doc.meta.id])
    return data.edition_files(date)


def archive_folder(version: str) -> str:
    """The one folder the archive's files are in (unpacking spills nothing around it)."""
    return archive_name(version)[: -len(".zip")]


def _zip(target, items, version: str, date_time: tuple) -> None:
    """Write to ``target`` (a path or a binary file) a reproducible zip of ``items``, pairs of a
    path and its bytes (or a function giving them, called when the file is packed): entries
    sorted by path under one folder, every entry stamped ``date_time`` with the same permissions,
    deflated at zlib's default level (6: a tenth of a second for the edition; level 9 takes
    twice as long for 3% less)."""
    folder = archive_folder(version)
    with zipfile.ZipFile(target, "w") as zf:
        for path, content in sorted(items, key=lambda item: item[0]):
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=tuple(date_time))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever system builds it
            info.external_attr = 0o100644 << 16
            zf.writestr(info, content() if callable(content) else content, compresslevel=6)


def _archive_file(version: str, content: bytes | None = None, **known) -> DataFile:
    name = archive_name(version)
    return DataFile(name, content, _media_type(name), "archive", facts=(("version", version),), **known)


def archive(files: list[DataFile], version: str, date_time: tuple = (1980, 1, 1, 0, 0, 0)) -> DataFile:
    """One zip of ``files`` (with their bytes), made in memory (:func:`_zip`)."""
    buffer = io.BytesIO()
    _zip(buffer, [(f.path, f.content) for f in files], version, date_time)
    return _archive_file(version, buffer.getvalue())


def write_archive(store: DataStore, files: list[DataFile], version: str, date_time: tuple) -> DataFile:
    """The archive of ``files`` from ``store``, the same bytes as :func:`archive` makes; in a folder
    store written to disk, each file read back in turn, and known by its size and checksum."""
    if store.folder is None:
        return archive(files, version, date_time)  # a store in memory keeps each file's bytes on it
    target = store.path(archive_name(version))
    _zip(target, [(f.path, functools.partial(store.read, f.path)) for f in files], version, date_time)
    digest = hashlib.sha256()
    with open(target, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return _archive_file(version, None, size=target.stat().st_size, sha256=digest.hexdigest())


# --------------------------------------------------------------------------- checking an archive

_SUM_LINE = re.compile(r"^([0-9a-f]{64}) [ *](.+)$")


def verify_archive(path: Path | str) -> list[str]:
    """What is wrong with a data archive (an empty list when nothing is).

    Every file in it must be listed in SHA256SUMS and in manifest.json (those two aside), with
    the checksum (and in the manifest the size) of its bytes, and everything they list must be in it.
    """
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"not a readable zip archive ({exc})"]
    problems: list[str] = []
    with zf:
        names = [i.filename for i in zf.infolist() if not i.is_dir()]
        folders = {name.split("/", 1)[0] for name in names}
        if len(folders) != 1 or not all("/" in name for name in names):
            return [f"expected every file in one folder, found {sorted(folders)[:5]}"]
        prefix = folders.pop() + "/"
        contents: dict[str, bytes] = {}
        for name in names:
            try:
                contents[name[len(prefix):]] = zf.read(name)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:  # a bad CRC, a broken stream
                problems.append(f"{name}: cannot be read ({exc})")
    members = set(contents) - {CHECKSUMS, MANIFEST}
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}
    if CHECKSUMS not in contents:
        problems.append(f"{prefix}{CHECKSUMS}: missing")
    else:
        listed: dict[str, str] = {}
        for number, line in enumerate(contents[CHECKSUMS].decode("utf-8", errors="replace").splitlines(), 1):
            m = _SUM_LINE.match(line)
            if not m:
                problems.append(f"{CHECKSUMS}:{number}: not a line of sha256sum's format")
                continue
            listed[m.group(2)] = m.group(1)
        problems += _compare(CHECKSUMS, listed, digests, members, contents)
    if MANIFEST not in contents:
        problems.append(f"{prefix}{MANIFEST}: missing")
    else:
        try:
            items = json.loads(contents[MANIFEST])["files"]
            listed = {item["path"]: item["sha256"] for item in items}
            sizes = {item["path"]: item["bytes"] for item in items}
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"{MANIFEST}: not a manifest ({exc})")
        else:
            problems += _compare(MANIFEST, listed, digests, members, contents)
            problems += [
                f"{MANIFEST}: {name} has {len(contents[name])} bytes, not {size}"
                for name, size in sizes.items()
                if name in contents and len(contents[name]) != size
            ]
    return problems


def _compare(source: str, listed: dict[str, str], digests: dict[str, str], members: set[str], contents: dict) -> list[str]:
    problems = [f"{source}: {name} is listed but not in the archive" for name in sorted(set(listed) - set(contents))]
    problems += [f"{source}: {name} is in the archive but not listed" for name in sorted(members - set(listed))]
    problems += [
        f"{source}: {name}: checksum does not match (the file was changed or damaged)"
        for name in sorted(listed)
        if name in digests and digests[name] != listed[name]
    ]
    return problems
