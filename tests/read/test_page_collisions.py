"""Two divisions of a text never silently share a page: either an error, or every paragraph is on a page."""

import pytest
from project_util import make_project

from build_tools.core.errors import EditionErrors
from build_tools.publish.pipeline import build_edition
from build_tools.read.texts import Paths
from build_tools.read.validate import check_unique_pages
from build_tools.render.base import Page


def test_two_pages_with_one_path_are_refused(tmp_path):
    pages = [Page("texts/9/1-tarau.md", "1 ТАРАУ", "a"), Page("texts/9/1-tarau.md", "1 ТАРАУ ҚАЙТА", "b")]
    with pytest.raises(EditionErrors) as info:
        check_unique_pages(pages, tmp_path / "texts.yaml")
    (err,) = info.value.errors
    assert "two pages would be written to texts/9/1-tarau.md" in err.message
    assert err.path.name == "texts.yaml" and "structure:" in err.hint
    check_unique_pages(pages[:1], tmp_path / "texts.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "Титул беті.\nКІРІСПЕ\nКіріспе.\n1 БІРІНШІ ТАРАУДЫҢ АТЫ\nМәтін.\n",  # text before the first division
        "КІРІСПЕ\nКіріспе.\n1 БІРІНШІ ТАРАУДЫҢ АТЫ\nМәтін бір.\n1 БІРІНШІ ТАРАУДЫҢ АТЫ\nМәтін екі.\n",  # repeated chapter
    ],
    ids=["front-matter", "repeated-chapter"],
)
def test_a_dissertation_that_would_collide_loses_nothing(tmp_path, text):
    project = make_project(tmp_path / "p", {"d.txt": ({"id": "901", "kind": "dissertation", "title": "Д"}, text)})
    try:
        edition = build_edition(Paths(project))
    except EditionErrors as exc:
        assert any("two pages would be written" in e.message for e in exc.errors)
        return
    srcs = [p.src_uri for p in edition.pages]
    assert len(srcs) == len(set(srcs))
    shown = "".join(p.content for p in edition.pages if p.src_uri.startswith("texts/901/"))
    for paragraph in ("Титул беті.", "Кіріспе.", "Мәтін.", "Мәтін бір.", "Мәтін екі."):
        assert paragraph in shown or paragraph not in text
