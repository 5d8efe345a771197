"""The changelog page («Нұсқалар тарихы») and the release notes, made from changelog.yaml."""

from __future__ import annotations

import html
import re

from build_tools.core.locale import format_date_kk, t, t_label
from build_tools.core.model import EditionInfo, VersionChange, VersionEntry
from build_tools.render.about import VERSION_MARKER, fill_about_page
from build_tools.render.changelog import CHANGELOG_SRC, release_notes, render_changelog, version_anchor

NEWER = VersionEntry("0.2", "2027-01-15", (VersionChange("Екі <түзету>.", "Two emendations & more.", "text"),
                                           VersionChange("Жаңа бағдарлама.", "New software.")))
OLDER = VersionEntry("0.1", "2026-12-02", (VersionChange("Алғашқы нұсқа.", "The first version.", "software"),))
INFO = EditionInfo("0.2", "CC BY 4.0", "https://example.org/l", "Еркін.", date="2027-02-01", changelog=(NEWER, OLDER))


def sections(content: str) -> list[str]:
    """The page's version sections, from one heading to the next."""
    return re.split(r"(?m)^## ", content)[1:]


def test_every_version_newest_first_with_its_date_and_changes():
    page = render_changelog(INFO)
    assert page.src_uri == CHANGELOG_SRC and page.title == t("changelog.title")
    found = sections(page.content)
    assert len(found) == 2
    for section, entry in zip(found, INFO.changelog):
        assert f"{{: #{version_anchor(entry.version)} " in section.splitlines()[0]
        assert f'<time datetime="{entry.date}">{format_date_kk(entry.date)}</time>' in section
        assert section.count("<li") == 2 * len(entry.changes)  # Kazakh, and English behind the switch
        for change in entry.changes:
            assert html.escape(change.kk) in section and html.escape(change.en) in section
            if change.kind:
                assert t_label("changelog.kinds.kk", change.kind) in section
                assert t_label("changelog.kinds.en", change.kind) in section
    current = t("changelog.current_suffix").strip(" ()")  # the heading is Markdown-escaped: \(қазіргі\)
    assert current in found[0].splitlines()[0] and current not in found[1]
    assert "<түзету>" not in page.content  # the YAML's words are text, never markup
    assert '<details class="en-version" lang="en">' in page.content


def test_the_intro_names_the_current_version_and_build_date():
    page = render_changelog(INFO)
    assert t("changelog.intro", version="0.2", date="2027-02-01") in page.content


def test_an_unversioned_edition_says_so():
    page = render_changelog(EditionInfo("0.0", "", "", ""))
    assert t("changelog.none") in page.content and not sections(page.content)


def test_the_editions_changelog_page_lists_every_version(edition):
    page = next(p for p in edition.pages if p.src_uri == CHANGELOG_SRC)
    assert len(sections(page.content)) == len(edition.info.changelog) >= 1
    assert sum(s.count('<li data-kind="') for s in sections(page.content)) == sum(len(e.changes) for e in edition.info.changelog)


def test_the_changelog_follows_the_about_page_in_the_navigation(edition):
    nav = [next(iter(item.values())) for item in edition.nav()]
    assert nav[nav.index("about.md") + 1] == CHANGELOG_SRC


def test_the_about_page_links_the_changelog_and_cites_the_version(root, edition):
    markdown = (root / "docs" / "about.md").read_text(encoding="utf-8")
    assert VERSION_MARKER in markdown and "](changelog.md)" in markdown
    filled = fill_about_page(markdown, edition.documents, "https://example.org/", edition.proofreading, edition.info)
    assert '<a href="../changelog/">' + html.escape(t("about.version", version=edition.info.version, date=edition.info.date)) in filled
    assert f"— Нұсқа {edition.info.version} (" in filled  # the reference to the edition as a whole


def test_release_notes_are_the_versions_changes_in_markdown():
    notes = release_notes(NEWER)
    lines = notes.splitlines()
    assert lines[0] == f"## {t('changelog.version', version='0.2')} · 2027-01-15"
    items = [ln for ln in lines if ln.startswith("- ")]
    assert items == [
        f"- **{t_label('changelog.kinds.kk', 'text')}.** Екі <түзету>.",
        "- Жаңа бағдарлама.",
        f"- **{t_label('changelog.kinds.en', 'text')}.** Two emendations & more.",
        "- New software.",
    ]
    assert f"### {t('english.summary')}" in lines


def test_the_about_page_states_the_licence_edition_yaml_gives(root, edition):
    """One place for the licence: the about page says what edition.yaml says, never "not yet published"."""
    from build_tools.render.about import LICENCE_MARKER

    markdown = (root / "docs" / "about.md").read_text(encoding="utf-8")
    assert LICENCE_MARKER in markdown
    filled = fill_about_page(markdown, edition.documents, "", edition.proofreading, edition.info)
    assert html.escape(edition.info.licence_kk) in filled
    assert f'<a href="{html.escape(edition.info.licence_url)}">{html.escape(edition.info.licence_name)}</a>' in filled
    assert LICENCE_MARKER not in filled
