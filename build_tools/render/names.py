"""How the edition names its texts to a reader: short titles and sigla, never the ids.

Every text has, in ``texts.yaml``, a full editorial ``title``, a ``short_title`` (a few words
in its own language) and a ``siglum`` (a Latin capital: A, B, C ...).  The ids (``000`` …)
name files and addresses only.  The forms used on the pages:

* :func:`text_name_html` — siglum and short title, "C Көпвекторлы сыртқы саясат", the
  full title as its tooltip: wherever a text is named in running matter (chronology,
  notes, charts, the list of texts);
* :func:`siglum_html` — the siglum alone, the short title as its tooltip: where space is
  tight (table columns, "C ¶ 12"); a page that uses it carries :func:`sigla_key`;
* :func:`place_label` — "C ¶ 12" as plain text (tooltips, attributes).
"""

from __future__ import annotations

from ..core.locale import t
from ..core.model import TextMeta
from .base import english_version, esc, rel_url

# Up to this many texts, a page that speaks of other texts names each of them, and the
# navigation lists every text and its divisions.  A larger edition would make every page
# list hundreds of texts (and the edition grow as the square of its size): there the
# navigation lists the texts on the list of texts only and, on a text's pages, that text
# and its divisions (publish/mkdocs_hooks.py); a text's terms count the other texts that
# use each (render/glossary.py); an entry's chart has a row for the texts that use it only.
MANY_TEXTS = 24


def short_title(meta: TextMeta) -> str:
    """The text's short title (its full title if it has none, as in a synthetic test text)."""
    return meta.short_title or meta.title


def siglum(meta: TextMeta) -> str:
    return meta.siglum or short_title(meta)


def _lang(meta: TextMeta) -> str:
    return f' lang="{esc(meta.language)}"' if meta.language != "kk" else ""


def siglum_html(meta: TextMeta, href: str = "") -> str:
    """The siglum, its short title as tooltip; a link (named by the short title) if ``href``.

    A ``span``, not an ``abbr``: no page has an ``abbr``, so none can come from a text.
    """
    label = esc(short_title(meta))
    if href:
        return f'<a class="siglum" href="{esc(href)}" title="{label}" aria-label="{label}">{esc(siglum(meta))}</a>'
    return f'<span class="siglum" title="{label}">{esc(siglum(meta))}</span>'


def text_name_html(meta: TextMeta, href: str = "", cls: str = "text-name") -> str:
    """Siglum and short title, the full editorial title as tooltip; a link if ``href``."""
    inner = f'<span class="siglum" aria-hidden="true">{esc(siglum(meta))}</span> <span{_lang(meta)}>{esc(short_title(meta))}</span>'
    title = esc(meta.title)
    if href:
        return f'<a class="{cls}" href="{esc(href)}" title="{title}">{inner}</a>'
    return f'<span class="{cls}" title="{title}">{inner}</span>'


def place_label(meta: TextMeta, paragraph: int) -> str:
    """"C ¶ 12": a paragraph of a text, as plain text."""
    return f"{siglum(meta)} ¶ {paragraph}" if paragraph else siglum(meta)


def sigla_key(metas: list[TextMeta], from_src: str) -> str:
    """A key to the sigla a page uses: "A — Факторлар мен басымдықтар · B — …", each a link."""
    items = "".join(
        f'<li><a href="{esc(rel_url(from_src, f"{m.url_dir}/index.md"))}" title="{esc(m.title)}">'
        f'<span class="siglum">{esc(siglum(m))}</span> — <span{_lang(m)}>{esc(short_title(m))}</span></a></li>'
        for m in metas
    )
    texts_href = esc(rel_url(from_src, "texts/index.md"))
    return (
        f'<div class="sigla-key" lang="kk"><span class="sigla-key-label">'
        f'<a href="{texts_href}">{t("texts.sigla_key")}</a></span><ul>{items}</ul></div>\n'
    )


def english_about(meta: TextMeta) -> str:
    """The text's English title and notes on its source, behind the reader's English switch."""
    notes = f"<p>{esc(meta.source_notes)}</p>" if meta.source_notes else ""
    return english_version(f'<p class="title-en">{esc(meta.title_en)}</p>{notes}')
