"""Stage 1 — read: the edition's YAML files, decoded here and parsed strictly."""

from __future__ import annotations

from pathlib import Path

from ..core.yamlio import parse_yaml
from .sources import decode_bytes


def load_yaml(path: Path):
    """Read and parse a YAML file of the edition (UTF-8)."""
    text = decode_bytes(Path(path).read_bytes(), path, "utf-8")
    return parse_yaml(text, path)
