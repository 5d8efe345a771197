"""The open data (build_tools/export/data.py): what is shipped, that it says the truth about the
edition, and that the archive is reproducible and can be checked.

Every count is taken from the data (texts.yaml, the glossary, the chronology), never written here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from build_tools.annotate.glossary import Glossary
from build_tools.clean.engine import clean_text
from build_tools.core.locale import t_keys
from build_tools.core.model import Document, EditionInfo, TextMeta
from build_tools.export.data import (
    CHECKSUMS,
    LISTS_PATH,
    LIST_SEPARATOR,
    MANIFEST,
    README,
    archive,
    archive_folder,
    archive_name,
    archive_time,
    data_files,
    verify_archive,
)
from build_tools.export.data_page import DATA_SRC, column_names, data_page, human_size
from build_tools.read.sources import decode_bytes

ROOT = Path(__file__).resolve().parents[2]
STAMP = (2026, 1, 1, 0, 0, 0)
# How a reader decodes a raw file into the text the change log counts in (README, "FORMATS"):
# its encoding, a byte order mark removed.
CODECS = {"utf-8": "utf-8-sig", "utf-16": "utf-16", "cp1251": "cp1251", "kz1048": "kz1048"}


@pytest.fixture(scope="module")
def raw(edition):
    return {doc.meta.id: (ROOT / "source_texts" / doc.meta.file).read_bytes() for doc in edition.documents}


@pytest.fixture(scope="module")
def files(edition, raw):
    return data_files(edition.documents, edition.glossary, edition.commentary, edition.info, raw, "2026-01-01")


@pytest.fixture(scope="module")
def by_path(files):
    return {f.path: f for f in files}


@pytest.fixture(scope="module")
def bundle(files, edition):
    return archive(files, edition.info.version, STAMP)


@pytest.fixture(scope="module")
def texts_json(by_path):
    return json.loads(by_path["texts.json"].content)["texts"]


def _text_file(texts_json, text_id: str, kind: str) -> str:
    return next(r for r in texts_json if r["id"] == text_id)["files"][kind]


def _csv_rows(content: bytes) -> list[dict]:
    assert content.startswith("\ufeff".encode("utf-8")), "the CSV opens with a BOM (spreadsheets)"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


# --------------------------------------------------------------------------- the texts


def test_every_text_has_its_four_files(edition, texts_json, by_path):
    assert [r["id"] for r in texts_json] == [doc.meta.id for doc in edition.documents]
    for record in texts_json:
        assert set(record["files"]) == {"tei", "raw", "clean", "changes"}
        for path in record["files"].values():
            assert path in by_path and by_path[path].text_id == record["id"]
    per_text = [f for f in by_path.values() if f.text_id]
    assert len(per_text) == 4 * len(edition.documents)


def test_the_raw_download_is_byte_identical_to_the_source_and_says_its_encoding(edition, texts_json, by_path):
    sums = dict(
        reversed(line.split()) for line in (ROOT / "source_texts" / "SHA256SUMS").read_text(encoding="utf-8").splitlines() if line.strip()
    )
    for doc in edition.documents:
        f = by_path[_text_file(texts_json, doc.meta.id, "raw")]
        assert f.content == (ROOT / "source_texts" / doc.meta.file).read_bytes()
        assert f.sha256 == sums[doc.meta.file]
        record = next(r for r in texts_json if r["id"] == doc.meta.id)
        assert record["encoding"] == doc.meta.encoding and record["source_file"] == doc.meta.file
        assert f.media_type.startswith("text/plain; charset=")
        assert "UTF-8" in f.description("en") or doc.meta.encoding != "utf-8"


def test_the_cleaned_text_is_the_editions(edition, texts_json, by_path):
    for doc in edition.documents:
        f = by_path[_text_file(texts_json, doc.meta.id, "clean")]
        assert f.content.decode("utf-8") == doc.clean.text
        assert not f.content.startswith(b"\xef\xbb\xbf")


def _apply(raw: str, changes: list[dict]) -> str:
    """The change log applied as a reader would (README): from the last change to the first."""
    text = raw
    for change in reversed(changes):
        assert text[change["start"]:change["end"]] == change["before"]
        text = text[: change["start"]] + change["after"] + text[change["end"]:]
    return text


def test_applying_the_change_log_to_the_raw_text_gives_the_cleaned_text(edition, texts_json, by_path):
    for record in texts_json:
        raw = by_path[record["files"]["raw"]].content.decode(CODECS[record["encoding"]])
        clean = by_path[record["files"]["clean"]].content.decode("utf-8")
        lines = [json.loads(line) for line in by_path[record["files"]["changes"]].content.decode("utf-8").splitlines()]
        changes = [line for line in lines if line["type"] == "change"]
        doubts = [line for line in lines if line["type"] == "doubt"]
        assert len(changes) + len(doubts) == len(lines), "every line is a change or a doubt"
        assert lines == changes + doubts, "the changes first, then the doubts"
        assert len(changes) == record["changes"] and len(doubts) == record["doubts"]
        starts = [c["start"] for c in changes]
        assert starts == sorted(starts)
        assert all(a["end"] <= b["start"] for a, b in zip(changes, changes[1:])), "the changes do not overlap"
        assert _apply(raw, changes) == clean, record["id"]
        for c in changes:
            assert clean[c["clean_start"]:c["clean_end"]] == c["after"]
        assert all(0 <= d["start"] <= len(raw) and d["rule"] and d["message"] for d in doubts)


def test_every_change_of_the_edition_is_in_the_log(edition, texts_json, by_path):
    for doc in edition.documents:
        lines = by_path[_text_file(texts_json, doc.meta.id, "changes")].content.decode("utf-8").splitlines()
        changes = [json.loads(line) for line in lines if json.loads(line)["type"] == "change"]
        assert [(c["rule"], c["start"], c["end"], c["before"], c["after"], c["note"]) for c in changes] == [
            (c.rule, c.start, c.end, c.before, c.after, c.note) for c in doc.clean.changes
        ]


def test_every_field_of_the_change_log_is_explained(files):
    documented = set(t_keys("data.fields"))
    seen = set()
    for f in files:
        if f.path.endswith(".jsonl"):
            for line in f.content.decode("utf-8").splitlines():
                seen |= set(json.loads(line))
    assert seen <= documented, f"fields the page does not explain: {seen - documented}"
    assert "clean_start" in seen


def test_each_text_has_a_tei_document(edition, texts_json, by_path):
    for record in texts_json:
        root = etree.fromstring(by_path[record["files"]["tei"]].content)
        assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
    assert etree.fromstring(by_path[LISTS_PATH].content).tag == "{http://www.tei-c.org/ns/1.0}TEI"


# --------------------------------------------------------------------------- other encodings


def _synthetic(encoding: str, data: bytes) -> Document:
    meta = TextMeta(id="x1", file="x1.txt", language="kk", kind="article", title="X", title_en="X", siglum="X", encoding=encoding)
    return Document(meta=meta, clean=clean_text(decode_bytes(data, "x1.txt", encoding), meta))


@pytest.mark.parametrize(
    "encoding, data, label",
    [
        ("cp1251", "Внешняя  политика ,Казахстана.\r\nВторая строка".encode("cp1251"), "Windows-1251"),
        ("kz1048", "Қазақстан  Республикасы ,сыртқы саясат.\r\n".encode("kz1048"), "KZ-1048"),
        ("utf-8", "\ufeffҚазақстан  Республикасы ,сыртқы саясат.\r\n".encode("utf-8"), "UTF-8 + BOM"),
        ("utf-16", "Қазақстан  Республикасы ,сыртқы саясат.\r\n".encode("utf-16"), "UTF-16 + BOM"),
    ],
)
def test_a_raw_text_in_any_declared_encoding_is_shipped_as_it_is(encoding, data, label):
    doc = _synthetic(encoding, data)
    assert doc.clean.changes, "the sample has something to clean"
    files = {f.path: f for f in data_files([doc], Glossary([]), None, None, {"x1": data})}
    raw = files["texts/x1/raw.txt"]
    assert raw.content == data
    assert label in raw.description("en") and label in raw.description("kk")
    record = json.loads(files["texts.json"].content)["texts"][0]
    assert record["encoding"] == encoding and record["byte_order_mark"] == ("BOM" in label)
    changes = [json.loads(line) for line in files["texts/x1/changes.jsonl"].content.decode("utf-8").splitlines()]
    assert _apply(data.decode(CODECS[encoding]), changes) == files["texts/x1/clean.txt"].content.decode("utf-8")


def test_a_doubt_the_cleaner_left_is_a_line_of_its_own_after_the_changes():
    data = "Бірінші абзац  осында жазылған.\n\n12\n\nЕкінші абзац осында.\n".encode("utf-8")
    doc = _synthetic("utf-8", data)
    assert doc.clean.doubts and doc.clean.changes
    files = {f.path: f for f in data_files([doc], Glossary([]), None, None, {"x1": data})}
    lines = [json.loads(line) for line in files["texts/x1/changes.jsonl"].content.decode("utf-8").splitlines()]
    doubts = [line for line in lines if line["type"] == "doubt"]
    assert lines[-len(doubts):] == doubts and len(doubts) == len(doc.clean.doubts)
    (offset, message), = doc.clean.doubts
    assert doubts[0]["start"] == offset and f"{doubts[0]['rule']}: {doubts[0]['message']}" == message
    assert data.decode("utf-8")[offset:].startswith("12")


# --------------------------------------------------------------------------- glossary and chronology


def test_the_glossary_json_holds_every_entry_with_its_occurrences(edition, by_path):
    records = json.loads(by_path["glossary.json"].content)["entries"]
    assert [r["id"] for r in records] == sorted(edition.glossary.entries)
    usage: dict[str, dict[str, int]] = {}
    for doc in edition.documents:
        for span in doc.spans:
            if span.kind == "term":
                usage.setdefault(span.data, {}).setdefault(doc.meta.id, 0)
                usage[span.data][doc.meta.id] += 1
    for r in records:
        entry = edition.glossary.entries[r["id"]]
        assert r["kind"] == entry.kind
        assert {k: v for k, v in r["name"].items() if v} == {k: v for k, v in entry.name.items() if v}
        assert {k: v for k, v in r["acronyms"].items() if v} == {k: v for k, v in entry.acronym.items() if v}
        assert {k: v for k, v in r["variants"].items() if v} == {k: v for k, v in entry.variants.items() if v}
        assert r["description"]["kk"] == entry.description.get("kk", "")
        assert set(r["occurrences"]) == {doc.meta.id for doc in edition.documents}
        assert {k: v for k, v in r["occurrences"].items() if v} == usage.get(r["id"], {})
        assert r["occurrences_total"] == sum(r["occurrences"].values())
    assert sum(r["occurrences_total"] for r in records) == sum(1 for d in edition.documents for s in d.spans if s.kind == "term")


def test_the_glossary_csv_parses_back_to_the_json(edition, by_path):
    records = json.loads(by_path["glossary.json"].content)["entries"]
    rows = _csv_rows(by_path["glossary.csv"].content)
    assert len(rows) == len(records) == len(edition.glossary.entries)
    split = lambda cell: cell.split(LIST_SEPARATOR) if cell else []  # noqa: E731
    for row, r in zip(rows, records):
        assert row["id"] == r["id"] and row["kind"] == r["kind"]
        for lang in ("kk", "ru", "en"):
            assert row[f"name_{lang}"] == r["name"][lang]
            assert split(row[f"acronyms_{lang}"]) == r["acronyms"][lang]
            assert split(row[f"variants_{lang}"]) == r["variants"][lang]
        assert row["description_en"] == r["description"]["en"]
        assert int(row["occurrences_total"]) == r["occurrences_total"]
        assert {i: int(row[f"occurrences_{i}"]) for i in r["occurrences"]} == r["occurrences"]


def test_the_chronology_json_and_csv_hold_every_event(edition, by_path):
    events = edition.commentary.events
    records = json.loads(by_path["chronology.json"].content)["events"]
    assert [r["id"] for r in records] == [e.id for e in events]
    for r, e in zip(records, events):
        assert (r["date"], r["end"], r["title"]["kk"], r["title"]["en"]) == (e.date, e.end, e.title_kk, e.title_en)
        assert [(p["text"], p["paragraph"]) for p in r["places"]] == [(p.text, p.paragraph) for p in e.places]
        assert all(p["url"].endswith(f"#p{p['paragraph']}") for p in r["places"] if p["paragraph"])
    rows = _csv_rows(by_path["chronology.csv"].content)
    assert [row["id"] for row in rows] == [e.id for e in events]
    for row, r in zip(rows, records):
        assert (row["date"], row["end"], row["title_kk"], row["title_en"]) == (r["date"], r["end"], r["title"]["kk"], r["title"]["en"])
        assert (row["glossary"].split(LIST_SEPARATOR) if row["glossary"] else []) == r["glossary"]
        places = [p.split(":") for p in row["places"].split(LIST_SEPARATOR)] if row["places"] else []
        assert [(text, int(n)) for text, n in places] == [(p["text"], p["paragraph"]) for p in r["places"]]


def test_every_csv_column_is_explained(edition, by_path):
    ids = [doc.meta.id for doc in edition.documents]
    for table in t_keys("data.columns"):
        header = next(csv.reader(io.StringIO(by_path[f"{table}.csv"].content.decode("utf-8-sig"))))
        documented = [name for key in t_keys(f"data.columns.{table}") for name in column_names(key, ids)]
        assert header == documented, table


# --------------------------------------------------------------------------- manifests and archive


def test_the_manifests_list_every_file_with_its_checksum(files, by_path):
    listed_files = {f.path for f in files} - {MANIFEST, CHECKSUMS}
    manifest = json.loads(by_path[MANIFEST].content)
    assert {item["path"] for item in manifest["files"]} == listed_files
    for item in manifest["files"]:
        content = by_path[item["path"]].content
        assert item["bytes"] == len(content)
        assert item["sha256"] == hashlib.sha256(content).hexdigest()
        assert item["media_type"] and item["description"] and item["description_kk"]
    sums = [line.split("  ", 1) for line in by_path[CHECKSUMS].content.decode("utf-8").splitlines()]
    assert {path for _, path in sums} == listed_files
    assert all(hashlib.sha256(by_path[path].content).hexdigest() == digest for digest, path in sums)
    assert [path for _, path in sums] == sorted(path for _, path in sums)


def test_the_readme_lists_every_file_and_the_licence(files, by_path, edition):
    readme = by_path[README].content.decode("utf-8")
    for f in files:
        if f.path not in (README, MANIFEST, CHECKSUMS):
            assert f"  {f.path}\n" in readme
    assert edition.info.licence_name in readme and edition.info.licence_url in readme
    assert edition.info.version in readme


def test_the_archive_holds_every_file_in_one_folder(files, bundle, edition):
    assert bundle.path == archive_name(edition.info.version) == f"edition-data-{edition.info.version}.zip"
    with zipfile.ZipFile(io.BytesIO(bundle.content)) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        folder = archive_folder(edition.info.version) + "/"
        assert names == [folder + f.path for f in sorted(files, key=lambda f: f.path)]
        for f in files:
            assert zf.read(folder + f.path) == f.content
        assert {i.date_time for i in zf.infolist()} == {STAMP}


def test_the_archive_is_reproducible(edition, raw, files, bundle):
    again = data_files(edition.documents, edition.glossary, edition.commentary, edition.info, raw, "2026-01-01")
    assert [(f.path, f.content) for f in again] == [(f.path, f.content) for f in files]
    assert archive(again, edition.info.version, STAMP).content == bundle.content
    later = archive(files, edition.info.version, (2026, 6, 1, 12, 0, 0))
    assert later.content != bundle.content  # the stamp is really in it


def test_the_archive_time_comes_from_source_date_epoch_or_the_day():
    assert archive_time({"SOURCE_DATE_EPOCH": "1767225600"}) == (2026, 1, 1, 0, 0, 0)
    assert archive_time({"SOURCE_DATE_EPOCH": "0"}) == (1980, 1, 1, 0, 0, 0)  # zip cannot go earlier
    today = archive_time({})
    assert today[3:] == (0, 0, 0) and today == archive_time({"SOURCE_DATE_EPOCH": ""})


def _write(tmp_path: Path, bundle) -> Path:
    path = tmp_path / bundle.path
    path.write_bytes(bundle.content)
    return path


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of an archive, each entry passed through ``change(name, data)`` (None drops it)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)
    return target


def test_verify_archive_accepts_the_real_archive(tmp_path, bundle):
    assert verify_archive(_write(tmp_path, bundle)) == []


def test_a_tampered_entry_fails_the_checksum(tmp_path, bundle, texts_json):
    path = _write(tmp_path, bundle)
    victim = texts_json[0]["files"]["clean"]
    tampered = _rewrite(path, tmp_path / "tampered.zip", lambda name, data: data + b"!" if name.endswith("/" + victim) else data)
    problems = verify_archive(tampered)
    assert any(victim in p and "checksum does not match" in p for p in problems), problems
    assert any(p.startswith(CHECKSUMS) for p in problems) and any(p.startswith(MANIFEST) for p in problems)


def test_a_missing_an_extra_or_a_damaged_file_is_found(tmp_path, bundle, texts_json, edition):
    path = _write(tmp_path, bundle)
    victim = texts_json[-1]["files"]["raw"]
    dropped = _rewrite(path, tmp_path / "dropped.zip", lambda name, data: None if name.endswith("/" + victim) else data)
    assert any(victim in p and "not in the archive" in p for p in verify_archive(dropped))

    extra = tmp_path / "extra.zip"
    _rewrite(path, extra, lambda name, data: data)
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr(f"{archive_folder(edition.info.version)}/extra.txt", b"x")
    assert any("extra.txt" in p and "not listed" in p for p in verify_archive(extra))

    damaged = bytearray(bundle.content)
    with zipfile.ZipFile(path) as zf:
        info = next(i for i in zf.infolist() if i.filename.endswith("/" + victim))
    offset = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.compress_size // 2
    damaged[offset] ^= 0xFF
    (tmp_path / "damaged.zip").write_bytes(bytes(damaged))
    assert any(victim in p for p in verify_archive(tmp_path / "damaged.zip"))

    (tmp_path / "not.zip").write_bytes(b"not a zip")
    assert verify_archive(tmp_path / "not.zip")


def test_verify_data_on_the_command_line(tmp_path, bundle, texts_json):
    path = _write(tmp_path, bundle)
    run = lambda p: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "build_tools", "verify-data", str(p)], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )
    good = run(path)
    assert good.returncode == 0 and "OK" in good.stdout, good.stderr
    victim = texts_json[0]["files"]["changes"]
    bad = run(_rewrite(path, tmp_path / "bad.zip", lambda name, data: data[:-2] if name.endswith("/" + victim) else data))
    assert bad.returncode == 1 and victim in bad.stderr and "checksum does not match" in bad.stderr


# --------------------------------------------------------------------------- the page


def test_the_data_page_links_every_file_by_name_and_size(edition, files, bundle):
    page = data_page(files, bundle, edition.texts, edition.info, "2026-01-01")
    assert page.src_uri == DATA_SRC
    links = set(re.findall(r'<a href="([^"#]+)" type="', page.content))
    assert links == {f.path for f in files} | {bundle.path}
    for f in [*files, bundle]:
        assert f'data-file="{f.path}"' in page.content
        assert human_size(f.size) in page.content.replace("&nbsp;", "\u00a0")
    assert bundle.sha256 in page.content
    for doc in edition.documents:
        assert doc.meta.siglum in page.content and doc.meta.short_title in page.content
    assert edition.info.licence_url in page.content and edition.info.licence_name in page.content
    for key in t_keys("data.fields"):
        assert f"<code>{key}</code>" in page.content


def test_the_real_pages_include_the_data_page_in_the_navigation(edition):
    assert DATA_SRC in {p.src_uri for p in edition.pages}
    nav = [next(iter(item.values())) for item in edition.nav()]
    # after «Басылым туралы» and its «Нұсқалар тарихы»
    from build_tools.render.changelog import CHANGELOG_SRC

    assert nav.index(DATA_SRC) == nav.index(CHANGELOG_SRC) + 1 == nav.index("about.md") + 2
    assert [f.path for f in edition.data][-1] == archive_name(edition.info.version)


def test_sizes_read_as_kazakh_print_writes_them():
    assert human_size(812) == "812 Б"
    assert human_size(30100) == "29,4\u00a0КБ"
    assert human_size(1258291) == "1,2\u00a0МБ"


def test_without_a_licence_the_data_says_so(edition, raw):
    info = EditionInfo(version="0.0", licence_name="", licence_url="", licence_kk="")
    files = {f.path: f for f in data_files(edition.documents[:1], edition.glossary, None, info, raw)}
    assert "has not been declared" in files[README].content.decode("utf-8")
