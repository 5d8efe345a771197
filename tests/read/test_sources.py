"""The raw texts are the ones received, byte for byte."""

import hashlib
import shutil
from pathlib import Path

from build_tools.publish.pipeline import build_edition
from build_tools.read.texts import Paths, load_texts


def read_sums(path: Path) -> dict[str, str]:
    sums = {}
    for line in path.read_text(encoding="ascii").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    return sums


def test_raw_texts_match_their_checksums(root):
    sums = read_sums(root / "source_texts" / "SHA256SUMS")
    on_disk = {p.name for p in (root / "source_texts").glob("*.txt")}
    assert set(sums) == on_disk, "every raw text needs its checksum in source_texts/SHA256SUMS"
    shared = root.parent / "shared" / "source_texts" / "SHA256SUMS"
    if shared.exists():  # beside the checkout on the team's machines and in CI
        received = read_sums(shared)
        assert len(received) == 5
        assert {name: sums.get(name) for name in received} == received
    for name, digest in sums.items():
        data = (root / "source_texts" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} was edited"


def test_every_raw_text_has_an_entry_and_every_entry_a_file(root):
    metas = load_texts(Paths(root))
    files = {m.file for m in metas}
    on_disk = {p.name for p in (root / "source_texts").glob("*.txt")}
    assert files == on_disk
    assert {m.id for m in metas} >= {"000", "001", "002", "003", "004"}
    assert {m.language for m in metas} == {"kk", "ru"}
    assert "003" in [m.id for m in metas if m.language == "ru"]


def test_a_sixth_text_needs_only_a_file_and_an_entry(root, tmp_path):
    """No code names a text: a new file and its texts.yaml entry give its pages and navigation."""
    from build_tools.proof.add_text import next_id, next_siglum

    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    src = tmp_path / "source_texts"
    metas = load_texts(Paths(tmp_path))
    new_id, siglum = next_id([m.id for m in metas]), next_siglum([m.siglum for m in metas])
    (src / f"{new_id}_new.txt").write_text(
        "Қазақстан Республикасы ШЫҰ-ның негізін қалаушы мемлекеттердің бірі.\nЕкінші абзац.\n", encoding="utf-8"
    )
    with open(src / "texts.yaml", "a", encoding="utf-8") as f:
        f.write(
            f'\n  - id: "{new_id}"\n    file: {new_id}_new.txt\n    language: kk\n    kind: article\n'
            f"    title: Жаңа мәтін\n    title_en: A new text\n    short_title: Жаңа мәтін\n    siglum: {siglum}\n"
            "    source_notes: A test text.\n"
        )
    edition = build_edition(Paths(tmp_path))
    pages = {p.src_uri: p for p in edition.pages}
    assert f"texts/{new_id}/index.md" in pages
    page = pages[f"texts/{new_id}/index.md"].content
    assert 'id="p1"' in page and 'id="p2"' in page
    assert 'data-term="sco"' in page  # the glossary links the new text too
    # named by its short title in the navigation, explained with its siglum in the list of texts
    assert any("Жаңа мәтін" in item for entry in edition.nav() if "Мәтіндер" in entry for item in entry["Мәтіндер"][1:])
    assert f'<tr id="siglum-{siglum}">' in pages["texts/index.md"].content
    nav_texts = next(item["Мәтіндер"] for item in edition.nav() if "Мәтіндер" in item)
    assert any("Жаңа мәтін" in entry for entry in nav_texts if isinstance(entry, dict))
