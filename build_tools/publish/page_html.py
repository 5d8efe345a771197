"""Finishing touches on every page's HTML, applied by the MkDocs hook (on_page_content).

* :func:`wrap_tables`: every table gets Material's horizontal scroll box, so a wide table
  scrolls on its own at a narrow width instead of running under the table of contents.
  Material's script wraps only tables without a class (Markdown tables); the generated
  tables (glossary, corpus overview) have classes, so they are wrapped here, at build time.
* :func:`mark_capital_headings`: a heading the source set in capitals gets the class
  ``caps``; the stylesheet sets it smaller and letter-spaced. Its letters are not changed.
"""

from __future__ import annotations

import re

SCROLL_OPEN = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
SCROLL_CLOSE = "</div></div>"
CAPS_CLASS = "caps"
# A heading counts as set in capitals when it has at least this many cased letters, all
# upper case: an acronym alone ("ШЫҰ", "НАТО") is not a heading in capitals.
CAPS_MIN_LETTERS = 6

# Tables are never nested in the edition's pages (a test checks), so the first </table>
# after an opening tag closes it.
_TABLE = re.compile(r"(<table\b[^>]*>)(.*?</table>)", re.S)
_CLASSED = re.compile(r"""\bclass\s*=\s*["'][^"']*\S""")
_HEADING = re.compile(r"<(h[1-6])\b([^>]*)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_ENTITY = re.compile(r"&[#\w]+;")


def wrap_tables(html: str) -> str:
    """Put every table that has a class (Material wraps the others) in a scroll box."""
    out, pos = [], 0
    for match in _TABLE.finditer(html):
        opening = match.group(1)
        before = html[max(0, match.start() - len(SCROLL_OPEN)) : match.start()]
        if not _CLASSED.search(opening) or before.endswith(SCROLL_OPEN):
            continue
        out += [html[pos : match.start()], SCROLL_OPEN, match.group(0), SCROLL_CLOSE]
        pos = match.end()
    return "".join(out) + html[pos:]


def is_in_capitals(text: str) -> bool:
    """True when the text has CAPS_MIN_LETTERS or more cased letters and none in lower case."""
    cased = [c for c in text if c.isupper() or c.islower()]
    return len(cased) >= CAPS_MIN_LETTERS and all(c.isupper() for c in cased)


def mark_capital_headings(html: str) -> str:
    """Add the class ``caps`` to every heading whose visible text is in capitals."""

    def mark(match: re.Match) -> str:
        tag, attrs, inner = match.groups()
        text = _ENTITY.sub(" ", _TAG.sub("", _HEADERLINK.sub("", inner)))
        if not is_in_capitals(text):
            return match.group(0)
        if re.search(r'\bclass="', attrs):
            attrs = re.sub(r'\bclass="', f'class="{CAPS_CLASS} ', attrs, count=1)
        else:
            attrs += f' class="{CAPS_CLASS}"'
        return f"<{tag}{attrs}>{inner}</{tag}>"

    return _HEADING.sub(mark, html)


def finish_page(html: str) -> str:
    """Everything this module does to a page's content."""
    return mark_capital_headings(wrap_tables(html))
