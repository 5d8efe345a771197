"""MkDocs hooks: plain `mkdocs build`, `serve` and `gh-deploy` run the pipeline.

The generated pages are added as in-memory files (nothing is written into
``docs/``), so `mkdocs serve` can watch the raw texts and YAML without a
rebuild loop.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:  # MkDocs loads hooks by path, not as a package
    sys.path.insert(0, str(_ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from build_tools.config import Paths  # noqa: E402
from build_tools.errors import EditionError  # noqa: E402
from build_tools.pipeline import build_edition  # noqa: E402

_state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        edition = build_edition(Paths(root))
    except EditionError as exc:
        raise PluginError(f"edition build failed:\n{exc}") from None
    _state["edition"] = edition
    _state["root"] = root
    config.nav = edition.nav()
    return config


def on_files(files, config):
    edition = _state["edition"]
    for page in edition.pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, page.src_uri, content=page.content))
    return files


def on_page_markdown(markdown, page, config, files):
    """The about page gets the generated tables of rules and of changes per text."""
    if page.file.src_uri == "about.md" and "edition" in _state:
        from build_tools.apparatus import fill_about_page

        return fill_about_page(markdown, _state["edition"].documents)
    return markdown


def on_serve(server, config, builder):
    root = _state.get("root") or Path(config.config_file_path).resolve().parent
    server.watch(str(root / "source_texts"))
    return server


def on_post_build(config):
    """Store the search index as UTF-8 rather than \\u-escaped ASCII.

    Material writes it with ``ensure_ascii``, which makes every Cyrillic letter
    six bytes; the same JSON in UTF-8 is about a third of the size.
    """
    import json

    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text(encoding="utf-8"))
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
