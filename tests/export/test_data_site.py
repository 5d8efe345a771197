"""The open data in the built site: every file the page «Деректер» links is there, with the
bytes the archive holds, and the archive published for the release checks out."""

import re
import zipfile
from pathlib import Path

import pytest

from build_tools.export.data import verify_archive
from build_tools.read.edition import load_edition_info

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]


def test_the_site_publishes_the_archive_of_this_version_and_it_checks_out(built_site):
    version = load_edition_info(ROOT / "source_texts" / "edition.yaml").version
    archive = built_site / "data" / f"edition-data-{version}.zip"  # what the release workflow attaches
    assert archive.is_file()
    assert sorted(p.name for p in (built_site / "data").glob("*.zip")) == [archive.name]
    assert verify_archive(archive) == []
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        for name in names:
            assert (built_site / "data" / name.split("/", 1)[1]).read_bytes() == zf.read(name), name
    published = {p.relative_to(built_site / "data").as_posix() for p in (built_site / "data").rglob("*") if p.is_file()}
    assert published == {n.split("/", 1)[1] for n in names} | {archive.name, "index.html"}


def test_the_data_page_links_every_published_file_and_only_those(built_site):
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="([^"#:]+)" type="', page))
    files = {p.relative_to(built_site / "data").as_posix() for p in (built_site / "data").rglob("*") if p.is_file()}
    assert links == files - {"index.html"}


def test_the_about_page_and_the_navigation_lead_to_the_data_page(built_site):
    about = (built_site / "about" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./data/"[^>]*>[^<]*Деректер', about), "about.md links the data page"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="data/"' in home, "the navigation lists the data page"
