"""Stage 1 — read: ``source_texts/accepted_forms.yaml``, the record of the proofreading pass.

It holds the forms the worklist (``python -m build_tools suspects``) flagged and the editor
found right, each with a note, and the texts whose worklist the editor went through to its
end. The about page reports both; the tests hold the proofread texts to an empty worklist.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..core.errors import EditionError
from ..core.model import AcceptedForm, Proofreading
from .yamlfile import load_yaml

KEYS = ("accepted", "proofread")


def load_proofreading(path: Path, text_ids: list[str] | None = None) -> Proofreading:
    """The accepted forms and the proofread texts, checked (file and line in every message).

    Without the file nothing is accepted and no text is proofread. With `text_ids`, every
    text named must be one of them.
    """
    path = Path(path)
    if not path.is_file():
        return Proofreading()
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise EditionError(path, "expected `accepted:` with a list of {form, text?, note}", hint="see the comment in the file")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise EditionError(path, f"unknown key `{unknown[0]}`", line=data.line_of(unknown[0]), hint="allowed: accepted, proofread")
    items = data.get("accepted", [])
    if not isinstance(items, list):
        raise EditionError(path, "expected `accepted:` with a list of {form, text?, note}", line=data.line_of("accepted"), hint="see the comment in the file")
    known = set(text_ids) if text_ids is not None else None

    def check_id(value, line: int, what: str) -> str:
        value = str(value)
        if known is not None and value not in known:
            raise EditionError(path, f"{what}: no text with id {value!r}", line=line, hint=f"the ids are: {', '.join(sorted(known))}")
        return value

    accepted = []
    for n, item in enumerate(items):
        line = items.item_lines[n] if hasattr(items, "item_lines") else 0
        if not isinstance(item, dict) or not isinstance(item.get("form"), str) or not item["form"].strip():
            raise EditionError(path, "every accepted form needs `form:` (the word as the text has it)", line=line)
        note = item.get("note", "")
        if not isinstance(note, str) or not note.strip():
            raise EditionError(path, f"accepted form {item['form']!r} needs a `note:` saying why it is right", line=line)
        text = check_id(item["text"], line, f"accepted form {item['form']!r}") if "text" in item else "*"
        form = unicodedata.normalize("NFC", item["form"].strip())
        accepted.append(AcceptedForm(form=form, note=" ".join(note.split()), text=text, line=line))
    proofread = data.get("proofread", [])
    if not isinstance(proofread, list):
        raise EditionError(path, "`proofread:` must be a list of text ids", line=data.line_of("proofread"), hint='proofread: ["000", "001"]')
    line = data.line_of("proofread") if "proofread" in data else 0
    ids = tuple(check_id(i, line, "proofread") for i in proofread)
    return Proofreading(accepted=tuple(accepted), proofread=ids)
