"""MkDocs hook for search: glossary entry pages rank first for their names.

A glossary entry page (``glossary/<id>.md``) lists the entry's names and
acronyms in Kazakh, Russian and English, so the search index already holds
them as page text. A reader who types a term (ШОС, SCO, Шанхай ынтымақтастық
ұйымы) should see the entry, which leads to every occurrence, before the
dozens of paragraphs that mention it: the entry pages get a search boost
(Material's ``search.boost`` front matter), unless their front matter sets one.
"""

from __future__ import annotations

import re

GLOSSARY_ENTRY = re.compile(r"^glossary/(?!index\.md$)[^/]+\.md$")
GLOSSARY_BOOST = 3.0


def on_page_markdown(markdown, page, config, files):
    if GLOSSARY_ENTRY.match(page.file.src_uri):
        search = page.meta.setdefault("search", {})
        if isinstance(search, dict):
            search.setdefault("boost", GLOSSARY_BOOST)
    return markdown
