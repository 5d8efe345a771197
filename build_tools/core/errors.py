"""Errors an editor can meet, each naming the file, the line and what to do."""

from __future__ import annotations

from pathlib import Path


class EditionError(Exception):
    """A problem in the edition's sources, reported as ``file:line:col: message``."""

    def __init__(self, path, message: str, line: int = 0, column: int = 0, hint: str = ""):
        self.path = Path(path) if path else None
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
        super().__init__(self.format())

    def location(self) -> str:
        where = str(self.path) if self.path else "<input>"
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return where

    def format(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f"\n    what to do: {self.hint}"
        return text


class EditorialTodo(EditionError):
    """Not an error: work the editor still has to do (a provisional title, an uncovered acronym,
    a doubtful place). ``check`` lists to-dos as warnings; ``check --strict`` fails on them."""

    def format(self) -> str:
        text = f"{self.location()}: to-do: {self.message}"
        if self.hint:
            text += f"\n    what to do: {self.hint}"
        return text


class EditionErrors(EditionError):
    """Several errors found together (``check`` reports all of them at once)."""

    def __init__(self, errors: list[EditionError]):
        self.errors = list(errors)
        Exception.__init__(self, "\n".join(e.format() for e in self.errors))

    def format(self) -> str:  # pragma: no cover - trivial
        return "\n".join(e.format() for e in self.errors)
