"""README's Troubleshooting table quotes the messages the tools really print."""

import re

SPECIFICS = r"'[^']*'|…|\bN\b|KZ-1048 \(kz1048\)|Windows-1251 \(cp1251\)|\d+|\(little-endian\)|a PDF document|texts/"


def test_every_quoted_message_is_in_the_code(root):
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Troubleshooting", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    assert len(rows) >= 15
    code = "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "build_tools").rglob("*.py")))
    missing = []
    for row in rows:
        first_column = row.split(" | ", 1)[0]
        for quoted in re.findall(r"`+ ?(.*?) ?`+", first_column):
            # specifics (names, numbers, elisions) vary; the wording between them is literal
            for piece in re.split(SPECIFICS, quoted):
                piece = piece.strip(" ,:()")
                if len(piece) >= 6 and piece not in code:
                    missing.append(piece)
    assert not missing, missing


def test_every_bad_input_error_says_what_to_do(root):
    """Each EditionError raised while reading and validating input carries a hint (the fix)."""
    import ast

    lacking = []
    for name in ("read/sources.py", "read/yamlfile.py", "core/yamlio.py", "read/validate.py"):
        tree = ast.parse((root / "build_tools" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "EditionError":
                if not any(k.arg == "hint" for k in node.keywords):
                    lacking.append(f"{name}:{node.lineno}")
    assert not lacking, lacking
