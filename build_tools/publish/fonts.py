"""The self-hosted fonts: which woff2 files the site ships and the CSS that names them.

``build_tools/data/fonts.yaml`` says which families, faces and subsets the edition uses;
the files come from npm packages (Fontsource, installed by ``make setup``). Each package's
``metadata.json`` and ``unicode.json`` give its family, weights, styles and subsets, and its
files follow one naming scheme (``files/<id>-<subset>-<weight>-<style>.woff2``), so nothing
is parsed out of the packages' CSS. :func:`font_assets` returns what the MkDocs hook adds to
the site: the woff2 files, each package's licence, and ``assets/fonts.css``.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path

from build_tools.core.errors import EditionError
from build_tools.core.yamlio import Mapping, parse_yaml

FONTS_YAML = Path(__file__).resolve().parents[1] / "data" / "fonts.yaml"
TOOLKIT_ROOT = Path(__file__).resolve().parents[2]  # where package.json and node_modules/ are
CSS_URI = "assets/fonts.css"  # listed first in mkdocs.yml's extra_css
FONTS_DIR = "assets/fonts"  # the woff2 files and licences, beside fonts.css
INSTALL_HINT = "run `make setup` (it runs `npm ci` from package-lock.json), or `npm ci` in the project root"


@dataclass(frozen=True)
class Face:
    """One @font-face rule: a family's weight and style in one unicode-range subset."""

    family: str
    weight: int
    style: str  # normal or italic
    subset: str
    unicode_range: str
    source: Path  # the woff2 file in node_modules
    uri: str  # where it goes in the site, e.g. assets/fonts/pt-serif-cyrillic-ext-700-normal.woff2


@dataclass(frozen=True)
class Family:
    role: str
    family: str
    fallback: tuple[str, ...]
    faces: tuple[Face, ...]
    licence: Path
    licence_uri: str

    def stack(self) -> str:
        """The CSS font-family list: the family, then its fallbacks."""
        return ", ".join(_css_family(name) for name in (self.family, *self.fallback))


@dataclass(frozen=True)
class FontPlan:
    families: tuple[Family, ...]
    material: dict  # Material's variable ("text", "code") -> role

    def family(self, role: str) -> Family:
        return next(f for f in self.families if f.role == role)

    def files(self) -> list[tuple[str, Path]]:
        """Every file the site ships besides fonts.css: (site uri, source path)."""
        out = [(face.uri, face.source) for fam in self.families for face in fam.faces]
        return out + [(fam.licence_uri, fam.licence) for fam in self.families]


_GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui"}


def _css_family(name: str) -> str:
    return name if name in _GENERIC else '"' + name.replace('"', "") + '"'


def _parse_face(spec: str) -> tuple[int, str] | None:
    """ "400" -> (400, "normal"), "700-italic" -> (700, "italic"); None when malformed."""
    weight, _, style = str(spec).partition("-")
    if not weight.isdigit() or style not in ("", "italic"):
        return None
    return int(weight), style or "normal"


def load_font_plan(root: Path, yaml_path: Path = FONTS_YAML) -> FontPlan:
    """Read fonts.yaml and check every face against the installed packages."""
    data = parse_yaml(yaml_path.read_text(encoding="utf-8"), yaml_path)
    if not isinstance(data, Mapping) or not isinstance(data.get("families"), list):
        raise EditionError(yaml_path, "expected a mapping with `families:` (a list)", getattr(data, "line", 0))
    folder = str(data.get("node_modules", "node_modules"))
    # The project's own node_modules, else the toolkit's (a project that links build_tools/)
    modules = list(dict.fromkeys([root / folder, TOOLKIT_ROOT / folder]))
    subsets = [str(s) for s in data.get("subsets") or []]
    families, roles = [], set()
    for i, item in enumerate(data["families"]):
        line = data["families"].item_lines[i]
        missing = [k for k in ("role", "package", "family", "faces") if k not in item]
        if missing:
            raise EditionError(yaml_path, f"family {i + 1}: missing {', '.join(missing)}", line)
        if item["role"] in roles:
            raise EditionError(yaml_path, f"role {item['role']!r} given twice", item.line_of("role"))
        roles.add(item["role"])
        families.append(_family(item, modules, subsets, yaml_path))
    material = dict(data.get("material") or {})
    for key, role in material.items():
        if role not in roles:
            raise EditionError(
                yaml_path, f"material.{key}: no family has the role {role!r}", data["material"].line_of(key),
                hint=f"use one of: {', '.join(sorted(roles))}",
            )
    return FontPlan(tuple(families), material)


def _family(item: Mapping, modules: list[Path], subsets: list[str], yaml_path: Path) -> Family:
    found = [m / item["package"] for m in modules if (m / item["package"] / "metadata.json").is_file()]
    if not found:
        raise EditionError(
            yaml_path,
            f"the font package {item['package']} is not installed (no {item['package']}/metadata.json in "
            + " or ".join(str(m) for m in modules) + ")",
            item.line_of("package"), hint=INSTALL_HINT,
        )
    package_dir = found[0]
    meta_path = package_dir / "metadata.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    ranges = json.loads((package_dir / "unicode.json").read_text(encoding="utf-8"))
    if meta.get("family") != item["family"]:
        raise EditionError(
            yaml_path, f"{item['package']} holds the family {meta.get('family')!r}, not {item['family']!r}",
            item.line_of("family"),
        )
    faces = []
    for spec in item["faces"]:
        parsed = _parse_face(spec)
        if parsed is None or parsed[0] not in meta["weights"] or parsed[1] not in meta["styles"]:
            raise EditionError(
                yaml_path, f"{item['family']} has no face {spec!r}", item.line_of("faces"),
                hint=f"its weights are {meta['weights']} and styles {meta['styles']} (write e.g. \"700-italic\")",
            )
        weight, style = parsed
        for subset in subsets:
            if subset not in ranges:
                raise EditionError(
                    yaml_path, f"{item['family']} has no subset {subset!r}", item.line_of("faces"),
                    hint=f"its subsets are {sorted(ranges)}",
                )
            name = f"{meta['id']}-{subset}-{weight}-{style}.woff2"
            source = package_dir / "files" / name
            if not source.is_file():
                raise EditionError(yaml_path, f"{source} is missing", item.line_of("faces"), hint=INSTALL_HINT)
            faces.append(Face(item["family"], weight, style, subset, ranges[subset], source, f"{FONTS_DIR}/{name}"))
    licence = package_dir / "LICENSE"
    if not licence.is_file():
        raise EditionError(yaml_path, f"{item['package']} has no LICENSE file", item.line_of("package"), hint=INSTALL_HINT)
    return Family(
        role=str(item["role"]),
        family=str(item["family"]),
        fallback=tuple(str(f) for f in item.get("fallback") or ()),
        faces=tuple(faces),
        licence=licence,
        licence_uri=f"{FONTS_DIR}/LICENSE-{meta['id']}.txt",
    )


def fonts_css(plan: FontPlan) -> str:
    """assets/fonts.css: the @font-face rules, then one variable per role."""
    rules = [
        "/* Generated by build_tools/publish/fonts.py from build_tools/data/fonts.yaml: the self-hosted"
        " fonts (SIL OFL 1.1, licences in fonts/). Do not edit. */"
    ]
    for fam in plan.families:
        for face in fam.faces:
            url = posixpath.relpath(face.uri, posixpath.dirname(CSS_URI))
            rules.append(
                "@font-face {\n"
                f"  font-family: {_css_family(face.family)};\n"
                f"  font-style: {face.style};\n"
                f"  font-weight: {face.weight};\n"
                "  font-display: swap;\n"
                f"  src: url({url}) format(\"woff2\");\n"
                f"  unicode-range: {face.unicode_range};\n"
                "}"
            )
    variables = [f"  --edition-font-{fam.role}: {fam.stack()};" for fam in plan.families]
    variables += [f"  --md-{key}-font: {_css_family(plan.family(role).family)};" for key, role in plan.material.items()]
    rules.append(":root {\n" + "\n".join(variables) + "\n}")
    return "\n".join(rules) + "\n"
