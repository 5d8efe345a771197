"""MkDocs hook for search: glossary entry pages rank first for their names.

A glossary entry page (``glossary/<id>.md``) lists the entry's names and
acronyms in Kazakh, Russian and English, so the search index already holds
them as page text. A reader who types a term (ШОС, SCO, Шанхай ынтымақтастық
ұйымы) should see the entry, which leads to every occurrence, before the
dozens of paragraphs that mention it: the entry pages get a search boost
(Material's ``search.boost`` front matter), unless their front matter sets one.

An entry's own acronyms rank it above every other entry that merely mentions
them. Material's index does not weigh a word by the length of the field it
stands in (lunr's ``b`` is 0), so for ``ШЫҰ`` the entry of the SCO's
anti-terrorist structure (whose name, "ШЫҰ Өңірлік терроризмге қарсы
құрылымы", holds the word, as do its Russian and English names) scored as
high as the SCO's own entry and won on the number of mentions. The entry's
acronyms (the ``acronyms:`` its page's front matter lists, see
render/glossary.py) become the page's search ``tags``, a field Material
weighs far above titles and text; only the entry itself has them. Material
gives a page's tags to each of its sections too; after the build they are
taken from the sections again (a result for ШЫҰ is the entry, not also its
"Конкорданс" section).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

GLOSSARY_ENTRY = re.compile(r"^glossary/(?!index\.md$)[^/]+\.md$")
GLOSSARY_BOOST = 3.0


def own_names(meta: dict) -> list[str]:
    """The acronyms an entry page's front matter names as its own."""
    names = meta.get("acronyms") or []
    return [str(n) for n in names if isinstance(n, (str, int)) and str(n).strip()]


def on_page_markdown(markdown, page, config, files):
    if GLOSSARY_ENTRY.match(page.file.src_uri):
        search = page.meta.setdefault("search", {})
        if isinstance(search, dict):
            search.setdefault("boost", GLOSSARY_BOOST)
        names = own_names(page.meta)
        if names and "tags" not in page.meta:
            page.meta["tags"] = names
    return markdown


def untag_sections(index: dict) -> bool:
    """Keep the tags on the page's own entry of the search index only; True if any were removed."""
    changed = False
    for doc in index.get("docs", []):
        if "#" in doc.get("location", "") and "tags" in doc:
            del doc["tags"]
            changed = True
    return changed


def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    if untag_sections(index):
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
