"""Command line: ``python -m build_tools {build,check,clean,pdf,suspects,linkcheck,add-text,version,verify-data}``."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .annotate.glossary import load_glossary
from .clean.engine import changes_to_jsonl, clean_text
from .core.errors import EditionError, EditionErrors
from .read.sources import decode_bytes
from .read.texts import KINDS, LANGUAGES, Paths, default_paths, load_texts


def _paths(args) -> Paths:
    return Paths(Path(args.root).resolve()) if args.root else default_paths()


def cmd_build(args) -> int:
    from .publish.pipeline import build_into

    edition = build_into(_paths(args), Path(args.out))
    print(f"wrote {len(edition.page_index)} pages and {len(edition.data)} data files (data/) to {args.out}")
    return 0


def cmd_pdf(args) -> int:
    """Print the PDFs of an already built site (see build_tools.publish.pdf)."""
    from mkdocs.config import load_config

    from .publish.pdf import build_pdfs
    from .publish.pipeline import build_edition

    paths = _paths(args)
    site = Path(args.site).resolve()
    if not (site / "index.html").exists():
        raise EditionError(site, "no built site here", hint="run `make site` (or `mkdocs build`) first")
    config = load_config(str(paths.root / "mkdocs.yml"))
    build_pdfs(site, build_edition(paths), jobs=args.jobs, site_url=config.site_url or "")
    return 0


def cmd_check(args) -> int:
    """Validate all YAML and sources (errors: exit 1), then list the editor's to-dos (warnings).

    An error means the build would be wrong or fail; a to-do is editorial work still open (a
    provisional title, an uncovered capitalised word, a doubtful place, a text not proofread).
    With --strict the to-dos fail the check too.
    """
    from .proof.todos import editorial_todos
    from .publish.pipeline import build_edition
    from .read.proofreading import load_proofreading

    paths = _paths(args)
    problems: list[EditionError] = []

    def attempt(load):
        """``load()``, its errors gathered instead of raised (every problem is listed at once)."""
        try:
            return load()
        except EditionErrors as exc:
            problems.extend(exc.errors)
        except EditionError as exc:
            problems.append(exc)
        return None

    texts = attempt(lambda: load_texts(paths))
    attempt(lambda: load_glossary(paths.sources / "glossary"))
    attempt(lambda: load_proofreading(paths.accepted_yaml, [t.id for t in texts] if texts else None))
    edition = attempt(lambda: build_edition(paths)) if not problems else None
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    if problems:
        print(f"{len(problems)} error(s) found", file=sys.stderr)
        return 1
    problems = tei_errors(edition, paths)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    if problems:
        print(f"{len(problems)} error(s) found in the edition's TEI", file=sys.stderr)
        return 1
    print(f"TEI: {len(edition.documents)} texts and the glossary and chronology valid against TEI P5 (tei_all)")
    todos = editorial_todos(edition, paths)
    for todo in todos:
        print(todo.format(), file=sys.stderr)
    marked = sum(1 for doc in edition.documents for span in doc.spans if span.kind == "term")
    print("all sources and YAML files are valid")
    print(f"glossary: {len(edition.glossary)} entries, {marked} occurrences marked")
    if todos:
        print(f"{len(todos)} editorial to-do(s) listed above{' (--strict: they fail the check)' if args.strict else ''}")
        return 1 if args.strict else 0
    print("no editorial to-dos: every text is titled, proofread and covered by the glossary")
    return 0


def tei_errors(edition, paths: Paths) -> list[EditionError]:
    """The edition's TEI files checked (valid TEI P5, exact round trip); each failing file is
    written to build/tei-invalid/ so that the line a message names can be looked at."""
    from .export.tei import MAX_MESSAGES, checksums, tei_problems

    errors = []
    sums = checksums(paths.sources / "SHA256SUMS")
    made = {f.text_id: f.content for f in edition.data if f.description_key == "tei" and f.content is not None}  # the open data's
    found = tei_problems(edition.documents, edition.glossary, edition.commentary, edition.info, sums, built=made)
    for name, what, data, messages in found:
        written = paths.root / "build" / "tei-invalid" / name
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(data)
        hint = (
            f"the file is generated from the sources of {what} by build_tools/export/tei.py; it is written to "
            f"{written} for you to look at that line: correct the data it comes from (a texts.yaml field, a "
            "glossary entry, a note), or report the message as a bug of the TEI export"
        )
        shown = messages[:MAX_MESSAGES]
        for k, message in enumerate(shown):
            m = re.match(r"line (\d+): (.*)", message, re.S)
            line, text = (int(m.group(1)), m.group(2)) if m else (0, message)
            errors.append(EditionError(written, f"TEI of {what}: {text}", line, hint=hint if k == 0 else ""))
        if len(messages) > len(shown):
            errors.append(EditionError(written, f"TEI of {what}: {len(messages) - len(shown)} more message(s)"))
    return errors


def _meta_for(path: Path, paths: Paths):
    """The texts.yaml entry of a raw text, or a default one for a file outside the edition."""
    from .clean.emendations import attach, load_emendations
    from .core.model import TextMeta

    try:
        texts = load_texts(paths)
    except EditionError:
        texts = []
    for meta in texts:
        if (paths.sources / meta.file).resolve() == path.resolve():
            return attach(meta, load_emendations(paths.sources, [t.id for t in texts]))
    return TextMeta(id=path.stem, file=path.name, language="kk", kind="article", title=path.stem, title_en=path.stem)


def cmd_clean(args) -> int:
    paths = _paths(args)
    path = Path(args.path)
    meta = _meta_for(path, paths)
    raw = decode_bytes(path.read_bytes(), path, meta.encoding)
    switches = {name: False for name in args.disable or []}
    result = clean_text(raw, meta, switches)
    if args.log:
        Path(args.log).write_text(changes_to_jsonl(result.changes), encoding="utf-8")
    sys.stdout.write(result.text)
    return 0


def cmd_linkcheck(args) -> int:
    from .publish import linkcheck

    return linkcheck.main(args.rest)


def cmd_verify_data(args) -> int:
    """Check a data archive (edition-data-<version>.zip) against its own manifests."""
    import zipfile

    from .export.data import verify_archive

    status = 0
    for name in args.archives:
        problems = verify_archive(name)
        for problem in problems:
            print(f"{name}: {problem}", file=sys.stderr)
        if problems:
            print(f"{name}: {len(problems)} problem(s)", file=sys.stderr)
            status = 1
        else:
            with zipfile.ZipFile(name) as zf:
                count = sum(1 for i in zf.infolist() if not i.is_dir())
            print(f"{name}: OK, {count} files, every checksum matches")
    return status


def cmd_suspects(args) -> int:
    """A worklist of probable typos of the cleaned texts (see build_tools.proof.suspects)."""
    import json

    from .proof.suspects import THRESHOLD, worklist
    from .publish.pipeline import build_documents

    paths = _paths(args)
    documents, glossary = build_documents(paths)
    known = {d.meta.id for d in documents}
    unknown = [i for i in args.ids if i not in known]
    if unknown:
        raise EditionError(paths.texts_yaml, f"no text with id {unknown[0]!r}", hint=f"the ids are: {', '.join(sorted(known))}")
    found = worklist(documents, glossary, paths.accepted_yaml, args.ids, threshold=0 if args.all else THRESHOLD)
    shown = found[: args.limit] if args.limit else found
    if args.json:
        print(json.dumps([s.as_dict() for s in shown], ensure_ascii=False, indent=1))
    else:
        for s in shown:
            print(s.as_line())
        print(f"{len(shown)} of {len(found)} suspects shown", file=sys.stderr)
    return 0


def cmd_add_text(args) -> int:
    """Add a raw text to the edition and print the editor's to-do list for it."""
    from .proof.add_text import add_text
    from .proof.suspects import worklist
    from .proof.todos import editorial_todos
    from .publish.pipeline import build_edition

    paths = _paths(args)
    added = add_text(paths, Path(args.file), args.language, args.kind, args.id, args.encoding)
    print(f"added text {added.id!r} (siglum {added.siglum}) as source_texts/{added.file}")
    print(f"its checksum is in source_texts/SHA256SUMS; its entry, appended to source_texts/texts.yaml:\n\n{added.entry}")
    try:
        edition = build_edition(paths)
    except EditionError as exc:
        print(exc.format(), file=sys.stderr)
        print("the text is added, but the edition does not build with it yet: fix the error above, then run `make check`", file=sys.stderr)
        return 1
    todos = editorial_todos(edition, paths, [added.id])
    print(f"to do ({len(todos)}):")
    for todo in todos:
        print(todo.format())
    found = worklist(edition.documents, edition.glossary, paths.accepted_yaml, [added.id])
    print(f"\nprobable typos ({len(found)}; all of them: python -m build_tools suspects {added.id}):")
    for s in found[: args.limit]:
        print(s.as_line())
    print("\nthen: `make check` (to-dos are warnings), `make site`, and look at the text's pages")
    return 0


def cmd_version(args) -> int:
    """The edition's version (source_texts/edition.yaml, checked against changelog.yaml).

    ``--check-tag TAG``: exit 1 unless TAG is ``v`` + the version (the release workflow's check).
    ``--notes``: the version's changelog entry as Markdown (the release's notes).
    """
    from .read.edition import load_edition_info
    from .render.changelog import release_notes

    paths = _paths(args)
    info = load_edition_info(paths.edition_yaml)
    if args.check_tag is not None:
        expected = f"v{info.version}"
        if args.check_tag != expected:
            print(
                f"{paths.edition_yaml}: the tag {args.check_tag!r} does not name the edition's version {info.version!r}\n"
                f"    what to do: tag the commit {expected!r}, or raise `version` in edition.yaml to "
                f"{args.check_tag.removeprefix('v')!r} and add its entry at the top of changelog.yaml",
                file=sys.stderr,
            )
            return 1
        print(f"the tag {args.check_tag} names the edition's version {info.version}")
        return 0
    if args.notes:
        entry = info.current
        if entry is None:
            raise EditionError(paths.edition_yaml, f"version {info.version!r} has no changelog entry",
                               hint="create source_texts/edition.yaml and changelog.yaml (README, 'Versions and releases')")
        sys.stdout.write(release_notes(entry))
        return 0
    print(info.version)
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_tools", description=__doc__)
    parser.add_argument("--root", help="project folder (default: this checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="write the generated Markdown pages")
    p.add_argument("--out", default="build/markdown", help="output folder (default: build/markdown)")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("pdf", help="lay out the PDFs (WeasyPrint) into SITE/pdf/ of a built site")
    p.add_argument("--site", default="site", help="the built site (default: site)")
    p.add_argument("--jobs", type=int, default=2, help="PDFs laid out at once, one process each (default: 2)")
    p.set_defaults(func=cmd_pdf)
    p = sub.add_parser("check", help="validate all YAML and sources; list the editor's to-dos")
    p.add_argument("--strict", action="store_true", help="fail on editorial to-dos as well as on errors")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("add-text", help="add a raw text: copy it, its checksum and a texts.yaml entry; print the to-dos")
    p.add_argument("file", help="the raw text (left where it is; a copy goes into source_texts/)")
    p.add_argument("--language", required=True, choices=sorted(LANGUAGES), help="kk (Kazakh) or ru (Russian)")
    p.add_argument("--kind", required=True, choices=sorted(KINDS), help="the kind of text")
    p.add_argument("--id", help="the text's id (default: the next free number)")
    p.add_argument("--encoding", help="the file's encoding if not UTF-8 (cp1251, kz1048, utf-16)")
    p.add_argument("--limit", type=int, default=20, help="how many probable typos to print (default 20)")
    p.set_defaults(func=cmd_add_text)
    p = sub.add_parser("clean", help="print one cleaned text")
    p.add_argument("path")
    p.add_argument("--log", help="write the JSON Lines change log here")
    p.add_argument("--disable", action="append", metavar="RULE", help="switch a rule off (repeatable)")
    p.set_defaults(func=cmd_clean)
    p = sub.add_parser("suspects", help="list probable typos (file:line, token, suggestion, evidence)")
    p.add_argument("ids", nargs="*", metavar="TEXT_ID", help="texts to read (default: all)")
    p.add_argument("--json", action="store_true", help="JSON instead of one line per suspect")
    p.add_argument("--limit", type=int, default=0, help="show the first N only (default: all)")
    p.add_argument("--all", action="store_true", help="also the weak tail: words only the dictionary rejects")
    p.set_defaults(func=cmd_suspects)
    p = sub.add_parser("verify-data", help="check a data archive's files against its SHA256SUMS and manifest.json")
    p.add_argument("archives", nargs="+", metavar="FILE.zip", help="edition-data-<version>.zip (from the site's data/ page)")
    p.set_defaults(func=cmd_verify_data)
    p = sub.add_parser("linkcheck", help="check every link of a built site (SITE, default: site)", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER, help="SITE_DIR [--sub-path PATH]")
    p.set_defaults(func=cmd_linkcheck)
    p = sub.add_parser("version", help="print the edition's version (edition.yaml, checked against changelog.yaml)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--check-tag", metavar="TAG", help="exit 1 unless TAG is 'v' + the version (e.g. v0.2)")
    group.add_argument("--notes", action="store_true", help="print the version's changelog entry as Markdown")
    p.set_defaults(func=cmd_version)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args, unknown = parser.parse_known_args(argv)
    if args.command == "linkcheck":
        args.rest = [*unknown, *args.rest]  # its own options go to linkcheck
    elif unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    try:
        return args.func(args)
    except EditionError as exc:
        print(exc.format(), file=sys.stderr)
        return 1
