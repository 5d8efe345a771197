"""Stage 5 — render: the changelog page ("Нұсқалар тарихы"), from source_texts/changelog.yaml.

One section per version, newest first: its number (the heading, with the anchor ``v<version>``
so that a citation can link to it), its date, and what it changed, each change with its kind;
the English of the changes behind the reader's language switch (``english_version``).
Every page's footer names the current version and links here (overrides/partials/copyright.html).
"""

from __future__ import annotations

from ..core.locale import format_date_kk, t, t_label
from ..core.model import EditionInfo, VersionEntry
from .base import Page, english_version, esc, front_matter, md_heading

CHANGELOG_SRC = "changelog.md"


def version_anchor(version: str) -> str:
    """The id of a version's section: ``v0.1``."""
    return f"v{version}"


def _changes_kk(entry: VersionEntry) -> str:
    items = []
    for change in entry.changes:
        kind = f'<span class="ed-label changelog-kind">{esc(t_label("changelog.kinds.kk", change.kind))}</span> ' if change.kind else ""
        items.append(f'<li data-kind="{esc(change.kind)}">{kind}{esc(change.kk)}</li>')
    return f'<ul class="changelog-changes">{"".join(items)}</ul>'


def _changes_en(entry: VersionEntry) -> str:
    items = []
    for change in entry.changes:
        kind = f"<strong>{esc(t_label('changelog.kinds.en', change.kind))}.</strong> " if change.kind else ""
        items.append(f"<li>{kind}{esc(change.en)}</li>")
    heading = t("changelog.version_en", version=esc(entry.version), date=esc(entry.date))
    return f"<p>{heading}</p><ul>{''.join(items)}</ul>"


def version_section(entry: VersionEntry, current: str) -> str:
    """One version: heading, date and changes (Kazakh, then English behind the switch)."""
    title = t("changelog.version", version=entry.version)
    if entry.version == current:
        title += t("changelog.current_suffix")
    return (
        md_heading(title, version_anchor(entry.version), "changelog-heading")
        + f'<div class="changelog-version" lang="kk" data-version="{esc(entry.version)}">'
        f'<p class="changelog-date">{esc(t("changelog.date_label"))} '
        f'<time datetime="{esc(entry.date)}">{esc(format_date_kk(entry.date))}</time></p>'
        f"{_changes_kk(entry)}{english_version(_changes_en(entry))}</div>\n\n"
    )


def render_changelog(info: EditionInfo) -> Page:
    """The changelog page: what each numbered version of the edition changed."""
    title = t("changelog.title")
    if info.changelog:
        intro = t("changelog.intro", version=info.version, date=info.date or "")
        body = "".join(version_section(entry, info.version) for entry in info.changelog)
    else:  # an edition without edition.yaml: nothing to list yet
        intro = t("changelog.none")
        body = ""
    content = (
        front_matter(title, "kk")
        + f"# {title}\n\n"
        + f'<div class="changelog-intro" lang="kk"><p>{esc(intro)}</p>'
        + english_version(f"<p>{esc(t('changelog.intro_en'))}</p>")
        + "</div>\n\n"
        + body
    )
    return Page(CHANGELOG_SRC, title, content)


def release_notes(entry: VersionEntry) -> str:
    """A version's changes as Markdown, for its GitHub Release (``python -m build_tools version --notes``):
    the Kazakh list, then the English one."""

    def item(language: str, change, text: str) -> str:
        kind = f"**{t_label(f'changelog.kinds.{language}', change.kind)}.** " if change.kind else ""
        return f"- {kind}{text}"

    lines = [f"## {t('changelog.version', version=entry.version)} · {entry.date}", ""]
    lines += [item("kk", c, c.kk) for c in entry.changes]
    lines += ["", f"### {t('english.summary')}", ""]
    lines += [item("en", c, c.en) for c in entry.changes]
    return "\n".join(lines) + "\n"
