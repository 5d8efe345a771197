"""Reading raw texts from anywhere: every kind of file gets a defined outcome."""

import codecs

import pytest

from build_tools.clean.engine import apply_changes, clean_text, reverse_changes
from build_tools.core.errors import EditionError
from build_tools.core.model import TextMeta
from build_tools.publish.pipeline import build_edition
from build_tools.read.sources import decode_bytes, guess_legacy_encoding, read_source
from build_tools.read.texts import Paths

KK = (
    "Қазақстан Республикасының сыртқы саясаты көпвекторлы болып табылады.\n"
    "Әлемдік қауымдастық, ұлттық мүдде, өңірлік қауіпсіздік, үкімет, Ғалымдар, һәм.\n"
)
RU = "Внешняя политика Казахстана: интеграция и региональная безопасность.\nСредняя держава.\n"


def meta(**kw):
    base = dict(id="900", file="t.txt", language="kk", kind="article", title="Т", title_en="T")
    base.update(kw)
    return TextMeta(**base)


def read_file(tmp_path, data: bytes, **kw):
    (tmp_path / "t.txt").write_bytes(data)
    return read_source(meta(**kw), tmp_path)


def refused(tmp_path, data: bytes, **kw) -> EditionError:
    with pytest.raises(EditionError) as info:
        read_file(tmp_path, data, **kw)
    err = info.value
    assert err.path == tmp_path / "t.txt", "the message names the file"
    assert err.hint, "the message says what to do"
    return err


# --------------------------------------------------------------------------- read


@pytest.mark.parametrize(
    "data",
    [
        KK.encode("utf-8"),
        codecs.BOM_UTF8 + KK.encode("utf-8"),
        KK.encode("utf-16"),  # with BOM, native order
        codecs.BOM_UTF16_LE + KK.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + KK.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_unicode_files_are_read_and_the_bom_is_not_text(tmp_path, data):
    assert read_file(tmp_path, data).raw == KK


def test_utf16_bom_wins_over_a_utf16_declaration(tmp_path):
    assert read_file(tmp_path, KK.encode("utf-16"), encoding="utf-16").raw == KK


@pytest.mark.parametrize("text, encoding", [(KK, "kz1048"), (RU, "cp1251"), (RU, "kz1048")])
def test_declared_legacy_code_pages_are_read(tmp_path, text, encoding):
    assert read_file(tmp_path, text.encode(encoding), encoding=encoding).raw == text


def test_undeclared_kz1048_is_refused_naming_kz1048_with_a_sample(tmp_path):
    err = refused(tmp_path, KK.encode("kz1048"))
    assert "not valid UTF-8" in err.message
    assert "KZ-1048" in err.message and "Kazakh letters" in err.message
    assert "«Қазақстан Республикасының сыртқы" in err.message, "the sample reads correctly"
    assert "`encoding: kz1048`" in err.hint and "texts.yaml" in err.hint
    assert err.line == 1


def test_undeclared_cp1251_is_refused_and_both_code_pages_are_offered(tmp_path):
    err = refused(tmp_path, ("A first line in ASCII.\n" + RU).encode("cp1251"))
    assert "legacy code page" in err.message and "«Внешняя политика Казахстана" in err.message
    assert "`encoding: cp1251`" in err.hint
    assert err.line == 2, "the first undecodable byte is on line 2"


def test_bytes_that_are_no_cyrillic_text_are_refused_without_a_guess(tmp_path):
    err = refused(tmp_path, "Ceci n'est pas du cyrillique: àéèçôù ÀÉ.\n".encode("latin-1"))
    assert "does not read as Cyrillic text" in err.message
    assert "encoding" in err.hint


def test_the_guess_tells_kazakh_from_russian_code_pages():
    assert guess_legacy_encoding(KK.encode("kz1048"))[0] == ["kz1048"]
    assert sorted(guess_legacy_encoding(RU.encode("cp1251"))[0]) == ["cp1251", "kz1048"]
    assert guess_legacy_encoding("plain".encode())[0] == []


def test_kazakh_text_declared_cp1251_is_refused(tmp_path):
    err = refused(tmp_path, KK.encode("kz1048"), encoding="cp1251")
    assert "letters that Kazakh and Russian do not use" in err.message
    assert "`encoding: kz1048`" in err.hint


@pytest.mark.parametrize("data", [KK.encode("utf-8"), codecs.BOM_UTF8 + KK.encode("utf-8")])
def test_utf8_declared_as_a_legacy_code_page_is_refused(tmp_path, data):
    err = refused(tmp_path, data, encoding="cp1251")
    assert "the file is UTF-8" in err.message and "mojibake" in err.message
    assert "remove the `encoding:` line" in err.hint


def test_utf16_with_bom_declared_as_a_legacy_code_page_is_refused(tmp_path):
    err = refused(tmp_path, KK.encode("utf-16"), encoding="kz1048")
    assert "UTF-16 signature" in err.message


def test_a_byte_undefined_in_the_declared_code_page_names_its_line(tmp_path):
    err = refused(tmp_path, "Строка.\n".encode("cp1251") + b"\x98\n", encoding="cp1251")
    assert "0x98" in err.message and err.line == 2


@pytest.mark.parametrize("codec, order", [("utf-16-le", "little"), ("utf-16-be", "big")])
def test_utf16_without_bom_is_refused(tmp_path, codec, order):
    err = refused(tmp_path, KK.encode(codec))
    assert f"UTF-16 text ({order}-endian) without a byte order mark" in err.message
    assert "UTF-8" in err.hint


@pytest.mark.parametrize("text", ["      - \n", "  \x02\n  \x02\n" * 40, "ab" * 20])
def test_plain_utf8_is_never_taken_for_utf16(tmp_path, text):
    from build_tools.read.sources import _utf16_without_bom

    assert _utf16_without_bom(text.encode()) == ""


def test_utf16_declared_for_a_file_without_bom_is_refused(tmp_path):
    err = refused(tmp_path, KK.encode("utf-8"), encoding="utf-16")
    assert "does not start with a UTF-16" in err.message


def test_an_unknown_declared_encoding_is_refused(tmp_path):
    err = refused(tmp_path, KK.encode(), encoding="koi8-r")
    assert "unknown encoding 'koi8-r'" in err.message and "kz1048" in err.hint


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "Word .doc"),
        (b"{\\rtf1\\ansi\\deff0 text}", "an RTF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    ],
)
def test_documents_and_images_are_refused_by_name(tmp_path, data, kind):
    err = refused(tmp_path, data)
    assert kind in err.message and "not a plain text file" in err.message
    assert "save it as plain text, UTF-8" in err.hint


def test_a_file_full_of_control_bytes_is_binary(tmp_path):
    err = refused(tmp_path, bytes(range(0, 32)) * 20 + b"text")
    assert "looks like a binary file" in err.message and "NUL" in err.message


def test_many_nul_bytes_in_text_make_it_binary(tmp_path):
    err = refused(tmp_path, KK.encode().replace(" ".encode(), b"\x00"))
    assert "binary" in err.message and err.line == 1


def test_empty_file_is_refused(tmp_path):
    err = refused(tmp_path, b"")
    assert "empty" in err.message and "texts.yaml" in err.hint


@pytest.mark.parametrize("data", [b"  \n\t\r\n \n", codecs.BOM_UTF8 + b"\n", " \u00a0\u2003\n".encode()])
def test_whitespace_only_file_is_refused(tmp_path, data):
    err = refused(tmp_path, data)
    assert "only white space" in err.message


def test_a_missing_file_names_texts_yaml_and_its_line(tmp_path):
    with pytest.raises(EditionError) as info:
        read_source(meta(file="nowhere.txt", source_line=7), tmp_path)
    assert info.value.path.name == "texts.yaml" and info.value.line == 7
    assert "does not exist" in info.value.message


def test_only_read_decodes_bytes(root):
    """Bytes of the sources become text in read/sources.py alone (YAML is decoded through it too).

    Checked in every module of the stages that read sources and editorial YAML;
    tools that read the built site (the hooks, the link check, PDFs) are not.
    """
    allowed = {
        "read/sources.py": "decodes the sources",
        "render/citing.py": "reads mkdocs.yml (site_name), not a source",
        "core/language.py": "the toolkit's own data (build_tools/data), not the edition's",
        "core/locale.py": "the toolkit's own data (build_tools/data), not the edition's",
        "clean/cache.py": "reads the cleaned texts it stored itself (build/cache), not a source",
    }
    package = root / "build_tools"
    modules = [p for stage in ("core", "read", "clean", "structure", "annotate", "render") for p in (package / stage).rglob("*.py")]
    modules.append(package / "publish" / "pipeline.py")
    offenders = []
    for path in sorted(modules):
        name = path.relative_to(package).as_posix()
        if name in allowed:
            continue
        source = path.read_text(encoding="utf-8")
        for needle in (".decode(", "read_text("):
            if needle in source:
                offenders.append(f"{name}: {needle}")
    assert len(modules) > 20
    assert not offenders, offenders


# --------------------------------------------------------------------------- line ends and control characters


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\x85"])
def test_other_line_ends_become_logged_line_feeds(tmp_path, newline):
    raw = read_file(tmp_path, KK.replace("\n", newline).encode()).raw
    assert newline in raw, "read keeps the line ends of the file"
    result = clean_text(raw, meta())
    assert result.text == KK
    assert {c.rule for c in result.changes} == {"normalize_line_ends"}
    assert all(c.before == newline and c.after == "\n" for c in result.changes)
    assert apply_changes(raw, result.changes) == result.text
    assert reverse_changes(result.text, result.changes) == raw


def test_crlf_text_gets_the_same_structure_as_lf_text(tmp_path):
    from build_tools.structure.blocks import structure_text

    lf = clean_text(KK, meta()).text
    crlf = clean_text(KK.replace("\n", "\r\n"), meta()).text
    blocks = lambda t: [(b.kind, t[b.start : b.end]) for d in structure_text(t, meta()) for b in d.blocks]  # noqa: E731
    assert blocks(lf) == blocks(crlf) and len(blocks(lf)) == 2


def test_stray_nul_and_control_characters_are_removed_and_logged(tmp_path):
    text = KK * 3  # three stray control characters in 500: text, not binary
    data = text.replace("сыртқы", "сырт\x00қы", 1).replace("һәм.\n", "һәм\x1b\x07.\n", 1).encode() + b"\x0cEnd.\n"
    raw = read_file(tmp_path, data).raw
    assert "\x00" in raw and "\x1b" in raw, "read keeps them; cleaning removes them"
    result = clean_text(raw, meta())
    assert "\x00" not in result.text and "\x1b" not in result.text and "\x0c" not in result.text
    assert result.text == text + "\nEnd.\n"
    removed = [c for c in result.changes if c.rule == "remove_control_characters"]
    assert sorted(c.before for c in removed) == ["\x00", "\x0c", "\x1b\x07"]
    assert reverse_changes(result.text, result.changes) == raw


def test_a_removed_control_character_is_shown_as_a_code_point(tmp_path, root):
    import shutil

    src = tmp_path / "source_texts"
    src.mkdir()
    shutil.copytree(root / "source_texts" / "glossary", src / "glossary")
    (src / "t.txt").write_bytes("Бір\x00екі.\n".encode())
    (src / "texts.yaml").write_text(
        'texts:\n  - {id: "900", file: t.txt, language: kk, kind: article, title: Т, title_en: T, short_title: Т, siglum: F}\n', encoding="utf-8"
    )
    edition = build_edition(Paths(tmp_path))
    page = next(p for p in edition.pages if p.src_uri == "texts/900/index.md")
    assert "\x00" not in page.content
    assert 'data-before="U+0000"' in page.content


def test_decode_bytes_is_also_used_for_yaml(tmp_path):
    from build_tools.read.yamlfile import load_yaml

    path = tmp_path / "x.yaml"
    path.write_bytes("a: Қазақ\n".encode("kz1048"))
    with pytest.raises(EditionError) as info:
        load_yaml(path)
    assert "not valid UTF-8" in info.value.message and info.value.path == path
    path.write_bytes(codecs.BOM_UTF8 + "a: Қазақ\n".encode())
    assert load_yaml(path) == {"a": "Қазақ"}


def test_decode_bytes_accepts_plain_ascii_in_every_declared_encoding():
    for encoding in ("utf-8", "cp1251", "kz1048"):
        assert decode_bytes(b"Plain text.\n", "x.txt", encoding) == "Plain text.\n"
