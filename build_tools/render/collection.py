"""What the site says about its collection — how many texts, in which languages, of which
kinds — derived from texts.yaml, never written by hand (the home page, the site description).

The hand-written home page holds markers that the ``on_page_markdown`` hook replaces:
``<!-- edition:collection -->`` (a Kazakh sentence), ``<!-- edition:collection-en -->`` (its
English) and ``<!-- edition:count -->`` (the number of texts in words).
"""

from __future__ import annotations

from collections import Counter

from ..core.locale import t, t_map
from ..core.model import TextMeta

MARKERS = ("<!-- edition:collection -->", "<!-- edition:collection-en -->", "<!-- edition:count -->")


def number_words(n: int, lang: str = "kk") -> str:
    """A small count in words (locale `collection.numbers.<lang>`), a larger one in digits."""
    words = t_map("collection.numbers")[lang].split()
    return words[n] if n < len(words) else str(n)


def _label(label: str, n: int) -> str:
    """"one|many": the form for n (a label without "|" is the same for every n)."""
    one, _, many = label.partition("|")
    return one if n == 1 or not many else many


def _parts(counter: Counter, order: list[str], part: str, labels: dict[str, str], lang: str) -> str:
    return ", ".join(
        t(f"collection.{part}.{lang}", n=number_words(counter[key], lang), what=_label(labels.get(key, key), counter[key]))
        for key in order
        if counter[key]
    )


def summary(texts: list[TextMeta], lang: str = "kk") -> str:
    """"бес мәтін (үш мақала, бір эссе, бір диссертация; төрт мәтін қазақ тілінде, бір мәтін орыс тілінде)"."""
    kinds = Counter(m.kind for m in texts)
    languages = Counter(m.language for m in texts)
    kind_labels = t_map(f"collection.kinds.{lang}")
    language_labels = t_map(f"collection.languages.{lang}")
    return t(
        f"collection.summary.{lang}",
        count=number_words(len(texts), lang),
        texts=_label(t_map("collection.texts")[lang], len(texts)),
        kinds=_parts(kinds, list(kind_labels), "kind_part", kind_labels, lang),
        languages=_parts(languages, list(language_labels), "language_part", language_labels, lang),
    )


def site_description(texts: list[TextMeta]) -> str:
    return t("collection.site_description", count=number_words(len(texts)))


def fill_home_page(markdown: str, texts: list[TextMeta]) -> str:
    """Put the collection's description where the hand-written home page asks for it."""
    collection, english, count = MARKERS
    return (
        markdown.replace(collection, summary(texts, "kk"))
        .replace(english, summary(texts, "en"))
        .replace(count, t("collection.count", count=number_words(len(texts))))
    )
