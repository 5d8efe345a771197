"""The self-hosted fonts: build_tools/data/fonts.yaml, the npm packages, what the site ships.

The unit tests read the installed packages (node_modules, `make setup`); the site tests
read the built site; the browser tests ask chromium which font it really drew the Kazakh
letters with (DevTools' CSS.getPlatformFontsForNode), for every face the site ships.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.core.errors import EditionError
from build_tools.core.language import language
from build_tools.publish import fonts

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plan():
    return fonts.load_font_plan(ROOT)


def kazakh_letters() -> str:
    upper = language().kazakh_letters
    return upper + upper.lower()


def _ranges(unicode_range: str) -> list[tuple[int, int]]:
    out = []
    for part in unicode_range.split(","):
        lo, _, hi = part.strip().removeprefix("U+").partition("-")
        out.append((int(lo, 16), int(hi or lo, 16)))
    return out


def _covered(char: str, faces) -> bool:
    return any(lo <= ord(char) <= hi for face in faces for lo, hi in _ranges(face.unicode_range))


# --------------------------------------------------------------------------- the plan


def test_every_face_of_every_family_covers_the_kazakh_letters(plan):
    """Each weight and style ships subsets that hold Ә Ғ Қ Ң Ө Ұ Ү Һ І, upper and lower case."""
    for family in plan.families:
        by_face: dict[tuple[int, str], list] = {}
        for face in family.faces:
            by_face.setdefault((face.weight, face.style), []).append(face)
        assert by_face, family.family
        for (weight, style), faces in by_face.items():
            missing = [c for c in kazakh_letters() if not _covered(c, faces)]
            assert not missing, f"{family.family} {weight} {style}: no subset holds {missing}"


def test_the_plan_names_existing_files_and_a_licence_for_each_family(plan):
    for uri, source in plan.files():
        assert source.is_file(), source
        assert uri.startswith(fonts.FONTS_DIR + "/"), uri
    for family in plan.families:
        assert "SIL Open Font License" in family.licence.read_text(encoding="utf-8"), family.licence


def test_fonts_css_has_one_rule_per_face_and_the_role_variables(plan):
    css = fonts.fonts_css(plan)
    faces = [face for family in plan.families for face in family.faces]
    assert css.count("@font-face") == len(faces)
    for face in faces:
        assert f"url({face.uri.removeprefix('assets/')})" in css
    for family in plan.families:
        assert f"--edition-font-{family.role}: \"{family.family}\"" in css
    for key, role in plan.material.items():  # Material's interface font is one of ours
        assert f'--md-{key}-font: "{plan.family(role).family}";' in css
    assert "http" not in css  # nothing from outside


def _write_yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fonts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_weight_the_family_lacks_is_an_error_naming_the_line(tmp_path):
    path = _write_yaml(
        tmp_path,
        "subsets: [latin]\nfamilies:\n  - role: sans\n    package: \"@fontsource/pt-sans\"\n"
        "    family: PT Sans\n    faces: [\"300\"]\n",
    )
    with pytest.raises(EditionError) as caught:
        fonts.load_font_plan(ROOT, path)
    message = str(caught.value)
    assert f"{path}:6:" in message and "no face '300'" in message and "[400, 700]" in message


def test_a_package_not_installed_says_to_run_npm_ci(tmp_path):
    path = _write_yaml(
        tmp_path,
        "subsets: [latin]\nfamilies:\n  - role: sans\n    package: \"@fontsource/no-such-font\"\n"
        "    family: No Such\n    faces: [\"400\"]\n",
    )
    with pytest.raises(EditionError) as caught:
        fonts.load_font_plan(ROOT, path)
    assert f"{path}:4:" in str(caught.value) and "npm ci" in str(caught.value)


def test_material_must_name_a_role_that_exists(tmp_path):
    path = _write_yaml(
        tmp_path,
        "subsets: [latin]\nfamilies:\n  - role: sans\n    package: \"@fontsource/pt-sans\"\n"
        "    family: PT Sans\n    faces: [\"400\"]\nmaterial:\n  text: serif\n",
    )
    with pytest.raises(EditionError, match=r"fonts.yaml:8: material.text: no family has the role 'serif'"):
        fonts.load_font_plan(ROOT, path)


# --------------------------------------------------------------------------- the built site


@pytest.mark.site
def test_the_site_ships_exactly_the_planned_fonts_and_their_licences(built_site, plan):
    shipped = sorted(p.relative_to(built_site).as_posix() for p in (built_site / fonts.FONTS_DIR).iterdir())
    assert shipped == sorted(uri for uri, _ in plan.files())
    css = (built_site / fonts.CSS_URI).read_text(encoding="utf-8")
    assert css == fonts.fonts_css(plan)
    for url in re.findall(r"url\(([^)]+)\)", css):
        assert (built_site / "assets" / url).is_file(), url
    # the stylesheet is linked from every page, before the edition's own stylesheets
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert html.index('href="assets/fonts.css"') < html.index('href="assets/typography.css"')


# --------------------------------------------------------------------------- in the browser

# Every element on these pages that shows text is checked (a page of each kind).
SAMPLE_PAGES = ["", "texts/002/1-tarau/", "glossary/sco/", "chronology/", "about/", "glossary/corpus/"]


def _platform_fonts(page, selector: str) -> list[list[dict]]:
    """The fonts chromium drew each matching element's text with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": selector})["nodeIds"]
    used = [cdp.send("CSS.getPlatformFontsForNode", {"nodeId": i})["fonts"] for i in ids]
    cdp.detach()
    return used


def _face_name(family: str, weight: int, style: str) -> str:
    """The PostScript name of a PT face: PTSerif-Regular, PTSans-Bold, PTSerif-BoldItalic."""
    variant = ("Bold" if weight == 700 else "") + ("Italic" if style == "italic" else "")
    return family.replace(" ", "") + "-" + (variant or "Regular")


@pytest.mark.browser
def test_kazakh_letters_are_drawn_with_the_self_hosted_face_of_every_shipped_weight(served_site, page, plan):
    """For each family, weight and style the site ships: the Kazakh letters come from that very
    face (not a system font, not a faked bold or slant)."""
    page.goto(served_site)
    faces = sorted({(f.family, face.weight, face.style) for f in plan.families for face in f.faces})
    page.evaluate(
        """([faces, letters]) => {
            const box = document.createElement('div');
            box.id = 'font-probe';
            for (const [family, weight, style] of faces) {
                const span = document.createElement('span');
                span.style.cssText = `font-family: "${family}"; font-weight: ${weight}; font-style: ${style}`;
                span.textContent = letters;
                box.appendChild(span);
            }
            document.body.appendChild(box);
        }""",
        [faces, kazakh_letters()],
    )
    page.evaluate("document.fonts.ready.then(() => null)")
    page.wait_for_function("document.fonts.status === 'loaded'")
    used = _platform_fonts(page, "#font-probe > span")
    problems = []
    for (family, weight, style), drawn in zip(faces, used):
        expected = _face_name(family, weight, style)
        names = [(d["postScriptName"], d["isCustomFont"]) for d in drawn]
        if names != [(expected, True)]:
            problems.append(f"{family} {weight} {style}: drawn with {names}, expected only {expected} (self-hosted)")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_headings_and_text_use_the_self_hosted_fonts(served_site, page):
    """A Kazakh heading is drawn in PT Sans Bold, the reading text in PT Serif."""
    page.goto(served_site + "glossary/corpus/")
    page.wait_for_function("document.fonts.status === 'loaded'")
    (h1,) = _platform_fonts(page, "article h1")[:1]
    assert [(d["postScriptName"], d["isCustomFont"]) for d in h1] == [("PTSans-Bold", True)], h1
    (para,) = _platform_fonts(page, "article p")[:1]  # the first paragraph of the content
    assert {d["postScriptName"] for d in para} == {"PTSerif-Regular"}, para


CHECK_WEIGHTS = """(shipped) => {
    // Every element showing text: its computed family must be a shipped family, in a weight
    // and style that family ships (no light 300, no semibold 600: the browser would fake
    // them or take another font).
    const out = [];
    const seen = new Set();
    for (const el of document.querySelectorAll('body *')) {
        const text = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!text || el.closest('svg, [hidden]') || !el.getClientRects().length) continue;
        const cs = getComputedStyle(el);
        const family = cs.fontFamily.split(',')[0].trim().replace(/^["']|["']$/g, '');
        const faces = shipped[family];
        const weight = Number(cs.fontWeight), style = cs.fontStyle === 'normal' ? 'normal' : 'italic';
        const ok = faces && faces.some(([w, s]) => w === weight && s === style);
        const key = `${family} ${weight} ${style} ${el.tagName.toLowerCase()}.${el.className}`;
        if (!ok && !seen.has(key)) {
            seen.add(key);
            out.push(`${key}: "${el.textContent.trim().slice(0, 40)}"`);
        }
    }
    return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("path", SAMPLE_PAGES)
def test_every_text_is_set_in_a_shipped_family_weight_and_style(served_site, page, plan, path):
    shipped = {f.family: sorted({(face.weight, face.style) for face in f.faces}) for f in plan.families}
    problems = []
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(served_site + path)
        problems += [f"{width}px: {p}" for p in page.evaluate(CHECK_WEIGHTS, shipped)]
    assert not problems, (
        f"{path}: text in a family, weight or style the site does not ship (fonts.yaml):\n"
        + "\n".join(problems[:30])
        + "\nUse font-weight 400 or 700 and the variables --edition-font-serif/sans/mono."
    )
