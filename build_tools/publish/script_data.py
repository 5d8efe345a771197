"""Data for the site's scripts: window.EditionData, set before the first of them runs.

No HTML page changes: the assignment is put in front of the first script of
``extra_javascript`` (see :func:`build_tools.publish.mkdocs_hooks.on_files`), and the
scripts read ``window.EditionData`` when they use it, not when they load.
"""

from __future__ import annotations

import json

from ..core import locale


def script_data() -> dict:
    """Everything the scripts are given: the interface's strings by dotted key."""
    return {"strings": locale.for_javascript()}


def data_preamble() -> str:
    """A line of JavaScript that sets ``window.EditionData``."""
    data = json.dumps(script_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "window.EditionData = " + data + ";\n"
