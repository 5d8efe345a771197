"""Dates and other interface words as the Kazakh interface writes them."""

from __future__ import annotations

MONTHS_KK = [
    "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
    "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
]


def format_date_kk(value: str) -> str:
    parts = value.split("-")
    year = parts[0]
    if len(parts) == 1:
        return f"{year} ж."
    month = MONTHS_KK[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{year} ж. {month}"
    return f"{year} ж. {int(parts[2])} {month}"


def date_range_kk(start: str, end: str = "") -> str:
    """A date or a range of dates («1991 ж. 16 желтоқсан – 1992 ж. ...»)."""
    if end and end != start:
        return f"{format_date_kk(start)} – {format_date_kk(end)}"
    return format_date_kk(start)
