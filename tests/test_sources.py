"""The raw texts are the ones received, byte for byte."""

import hashlib
from pathlib import Path

from build_tools.config import Paths, load_texts


def read_sums(path: Path) -> dict[str, str]:
    sums = {}
    for line in path.read_text(encoding="ascii").splitlines():
        digest, name = line.split(maxsplit=1)
        sums[name.lstrip("*")] = digest
    return sums


def test_raw_texts_match_their_checksums(root):
    sums = read_sums(root / "source_texts" / "SHA256SUMS")
    assert len(sums) == 5
    shared = root.parent / "shared" / "source_texts" / "SHA256SUMS"
    if shared.exists():  # beside the checkout on the team's machines and in CI
        assert read_sums(shared) == sums
    for name, digest in sums.items():
        data = (root / "source_texts" / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} was edited"


def test_every_raw_text_has_an_entry_and_every_entry_a_file(root):
    metas = load_texts(Paths(root))
    files = {m.file for m in metas}
    on_disk = {p.name for p in (root / "source_texts").glob("*.txt")}
    assert files == on_disk
    assert {m.id for m in metas} == {"000", "001", "002", "003", "004"}
    assert {m.language for m in metas} == {"kk", "ru"}
    assert [m.id for m in metas if m.language == "ru"] == ["003"]
