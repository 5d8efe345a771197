"""The editor's to-do list: what a built edition still asks of its editor.

None of these makes the build wrong, so `check` lists them as warnings and exits 0;
`check --strict` fails on them, for an edition that wants its CI to hold it to a clean list.

* provisional fields of a text (`todo:` in texts.yaml, written by `add-text`);
* capitalised words of the texts that no glossary entry covers and `not_terms` does not list;
* the cleaner's doubtful places, left unchanged;
* texts not yet read through with the suspects worklist (`proofread:` in accepted_forms.yaml).
"""

from __future__ import annotations

from pathlib import Path

from ..annotate.glossary import coverage_problems
from ..core.errors import EditorialTodo
from ..read.texts import Paths

FIELD_HINTS = {
    "title": "write the editorial title in the text's language",
    "title_en": "write the editorial title in English",
    "short_title": "name the text in a few words of its language (at most 40 characters)",
    "source_notes_kk": "describe the state of the source for the reader, in Kazakh",
    "source_notes": "describe the state of the source, in English",
    "author": "give the author, or remove `author` from `todo:` if unknown",
    "year": "give the year, or remove `year` from `todo:` if unknown",
}


def field_todos(documents, edition, paths: Paths) -> list[EditorialTodo]:
    """One to-do per provisional field of a text (texts.yaml `todo:`)."""
    out = []
    for doc in documents:
        for name in doc.meta.todo:
            out.append(
                EditorialTodo(
                    paths.texts_yaml,
                    f"text {doc.meta.id!r}: `{name}` is provisional",
                    doc.meta.todo_line,
                    hint=f"{FIELD_HINTS.get(name, 'write it')}, then remove `{name}` from its `todo:`",
                )
            )
    return out


def coverage_todos(documents, edition, paths: Paths) -> list[EditorialTodo]:
    """One to-do per capitalised word no glossary entry covers."""
    return [
        EditorialTodo(p.path, p.message, p.line, hint=p.hint)
        for p in coverage_problems(documents, edition.glossary, paths.sources)
    ]


def doubt_todos(documents, edition, paths: Paths) -> list[EditorialTodo]:
    """One to-do per doubtful place the cleaner left unchanged (file:line:column of the raw text)."""
    out = []
    for doc in documents:
        raw = doc.clean.raw
        for offset, message in doc.clean.doubts:
            line = raw.count("\n", 0, offset) + 1
            column = offset - (raw.rfind("\n", 0, offset) + 1) + 1
            out.append(
                EditorialTodo(
                    Path(paths.sources) / doc.meta.file,
                    message,
                    line,
                    column,
                    hint="if it is an error, correct it with an emendation (source_texts/emendations.yaml)",
                )
            )
    return out


def proofreading_todos(documents, edition, paths: Paths) -> list[EditorialTodo]:
    """One to-do per text not yet read through with the worklist."""
    done = set(edition.proofreading.proofread)
    return [
        EditorialTodo(
            paths.accepted_yaml,
            f"text {doc.meta.id!r} has not been proofread",
            0,
            hint=f"run `python -m build_tools suspects {doc.meta.id}`, emend or accept each suspect, "
            f"then add \"{doc.meta.id}\" to `proofread:`",
        )
        for doc in documents
        if doc.meta.id not in done
    ]


KINDS_OF_TODO = (field_todos, coverage_todos, doubt_todos, proofreading_todos)


def editorial_todos(edition, paths: Paths, ids: list[str] | None = None) -> list[EditorialTodo]:
    """Everything the edition (or the texts `ids`) still asks of its editor, in the order an editor would take it."""
    documents = [d for d in edition.documents if not ids or d.meta.id in ids]
    return [todo for kind in KINDS_OF_TODO for todo in kind(documents, edition, paths)]
