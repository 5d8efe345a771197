"""Data the site's scripts share with the build tools, delivered as a preamble.

The scripts read ``window.EditionData``: the search script its Kazakh tables
(``language``, from build_tools/data/language.yaml), every script its words
(``strings``, from build_tools/data/locale/kk.yaml).  :func:`data_preamble`
defines that object; the MkDocs hook puts it at the start of the site's first
script, so no page needs a script tag of its own and every page's HTML stays
as it is.
"""

from __future__ import annotations

import json

from ..core import locale
from ..core.language import language


def script_data() -> dict:
    """Everything the scripts read from ``window.EditionData``."""
    return {"language": language().for_javascript(), "strings": locale.for_javascript()}


def data_preamble() -> str:
    """The JavaScript statement that defines ``window.EditionData``."""
    data = json.dumps(script_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "window.EditionData = " + data + ";\n"
