"""A text's body in TEI: its divisions and blocks, every change, term, citation and note.

Everything the cleaned text holds is written once, in order, so that reading the body back
gives the cleaned text (``reg``/``corr``) or the raw text (``orig``/``sic``) exactly.

**Layout.** A *leaf* is an element that holds running text: a heading (``head``), a paragraph
(``p``), a list's marker (``label``) and item (``item``), a table's caption (``head``) and cell
(``cell``). Containers (``body``, ``div``, the ``p`` around a list or table, ``list``,
``table``, ``row``) hold only leaves and the white space between them (the cleaned text's
line ends and tabs, kept as they are under ``xml:space="preserve"``).

**Changes** (``CleanResult.placed_changes``) are ``choice`` elements, placed by where their
edited reading stands in the cleaned text:

* inside a leaf (an empty one at the leaf's edge too): in that leaf;
* across the edge of one leaf (it starts inside and ends in the white space after it, or the
  other way round): in that leaf, which then also holds that white space;
* wholly between two blocks (a paragraph break restored from a run of tabs, the space of a
  blank line, a removed passage on a line of its own, page furniture): in an ``ab
  type="between-blocks"`` between the two blocks, one per stretch between two blocks;
* between two leaves of one block (between two list items or table cells): in the leaf
  before it; before the first block: in the first leaf;
* across two or more leaves (no real text does it): one ``choice`` per leaf, linked by
  ``@next``/``@prev``; the first holds the whole source reading.

Text between leaves that is not XML white space (a character the cleaner was told to leave)
is placed the same way, so containers only ever hold white space.

**Marks inside a leaf** nest: a commentary passage (``seg``) outside a run-in heading
(``label``), outside a citation (``ref``), outside a term (``orgName``, ``persName``,
``placeName``, ``eventName``, ``term``). A ``choice`` is never cut: a mark that covers a change
holds the whole ``choice``, a mark inside the change's edited reading stands inside its
``reg``/``corr``, and a mark that crosses a change's edge is cut at the edge. Marks that cross
each other are cut the same way, the outer kind kept whole. The pieces of a cut mark have
``xml:id``s and ``@next``/``@prev`` (``term-3.1``, ``term-3.2``), so nothing is lost.
A commentary note stands right after its passage, in the same element; a change's reason
(an emendation's note) right after its ``choice``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from ..annotate.commentary import markdown_to_html
from ..core.model import Block, Document, Span
from .tei_lists import event_id
from .tei_xml import LISTS_FILE, XML_ID, XML_LANG, append_text, sub, text_file_name, xml_id

# --------------------------------------------------------------------------- names

NAME_ELEMENTS = {
    "organisation": "orgName",
    "person": "persName",
    "place": "placeName",
    "state": "placeName",
    "event": "eventName",
}  # any other kind (concept, programme, treaty): term
DIV_TYPES = {1: "division", 2: "section"}  # by heading level; deeper: subsection
EMENDATION = "emendation"
FURNITURE = "remove_page_furniture"


def name_element(kind: str) -> str:
    """The TEI element naming a glossary entry of ``kind`` in the text."""
    return NAME_ELEMENTS.get(kind, "term")


def glossary_pointer(entry_id: str) -> str:
    return f"{LISTS_FILE}#{xml_id(entry_id)}"


def rule_names(rule: str) -> list[str]:
    """The rules of a logged change (``a+b`` when two rules changed one place)."""
    return [name for name in rule.split("+") if name]


def rule_pointer(rule: str) -> str:
    return " ".join(f"#{rule_decl_id(name)}" for name in rule_names(rule))


def rule_decl_id(name: str) -> str:
    """The ``xml:id`` of a cleaning rule's declaration in ``editorialDecl``."""
    return xml_id(f"rule-{name}")


def is_emendation(rule: str) -> bool:
    return EMENDATION in rule_names(rule)


def paragraph_id(block: Block) -> str:
    """The ¶'s ``xml:id``: the site's anchor (``p12``), an NCName unique in a text."""
    return f"p{block.number}"


# --------------------------------------------------------------------------- layout


@dataclass
class Piece:
    """A logged change (or one piece of it) hosted by a leaf."""

    index: int  # 1-based place of the change in the log (the choice's id: ch-<index>)
    change: object
    start: int  # where its edited reading stands in the cleaned text
    end: int
    first: bool = True  # the piece that holds the source reading


@dataclass
class Leaf:
    """An element holding running text: the stretch [start, end) of the cleaned text."""

    tag: str
    start: int
    end: int
    attrib: dict
    block: object = None  # the block's top node (a Leaf or a Node), for gaps between blocks
    run_in: int = 0
    pieces: list = field(default_factory=list)


@dataclass
class Node:
    """A container: children are Nodes and Leaves in reading order."""

    tag: str
    attrib: dict
    children: list = field(default_factory=list)
    editorial_caption: tuple[str, str] | None = None  # (caption, note) of a table


@dataclass
class Layout:
    body: Node
    leaves: list  # every Leaf in reading order, the between-blocks ``ab`` included
    placed: list  # the text's changes placed in the cleaned text (CleanResult.placed_changes)


def layout(doc: Document) -> Layout:
    """The body's tree with every change placed (see the module's docstring)."""
    body = Node("body", {})
    leaves: list[Leaf] = []
    parents: dict[int, Node] = {}  # id(block's top node) -> the div holding it
    for division in doc.divisions:
        if division.blocks:
            body.children.append(_division(division, doc.text, leaves, parents))
    if not leaves:  # a text without a block: all of it in one anonymous block
        leaf = Leaf("ab", 0, len(doc.text), {"type": "between-blocks"})
        body.children.append(Node("div", {"type": "text"}, [leaf]))
        leaves.append(leaf)
    placed = doc.clean.placed_changes()
    gaps = place_changes(doc, leaves, placed)
    for before, ab in gaps:
        top = leaves[before].block
        _insert_after(parents[id(top)], top, ab)
    ordered = sorted(leaves + [ab for _, ab in gaps], key=lambda leaf: (leaf.start, leaf.end))
    return Layout(body, ordered, placed)


def _division(division, text: str, leaves: list, parents: dict) -> Node:
    """A division's div; a heading below level 1 opens a div nested by its level."""
    div = Node("div", {"type": "division" if division.slug else "text", "n": division.slug})
    stack = [(0, div)]
    for block in division.blocks:
        if block.kind == "heading":
            level = max(block.level, 1)
            if level == 1 and not div.children:
                stack = [(1, div)]
            else:
                while len(stack) > 1 and stack[-1][0] >= level:
                    stack.pop()
                nested = Node("div", {"type": DIV_TYPES.get(level, "subsection")})
                stack[-1][1].children.append(nested)
                stack.append((level, nested))
        top, found = _block(block, text)
        for leaf in found:
            leaf.block = top
        leaves.extend(found)
        stack[-1][1].children.append(top)
        parents[id(top)] = stack[-1][1]
    return div


def _block(block: Block, text: str):
    """A block's top node and its leaves in reading order."""
    if block.kind == "heading":
        top = Leaf("head", block.start, block.end, {})
        return top, [top]
    if block.kind == "list":
        return _list(block, text)
    if block.kind == "table":
        return _table(block)
    top = Leaf("p", block.start, block.end, _numbered(block), run_in=block.run_in)
    return top, [top]


def _numbered(block: Block) -> dict:
    return {"n": block.number, "xml:id": paragraph_id(block)}


def _list(block: Block, text: str):
    """A list in a numbered p: each item's marker (as the text has it) a label, then the item."""
    children: list = []
    for k, (start, end) in enumerate(block.parts):
        marker = block.start if k == 0 else _line_start(text, start)
        children += [Leaf("label", marker, start, {}), Leaf("item", start, end, {})]
    kind = "ordered" if block.ordered else "bulleted"
    return Node("p", _numbered(block), [Node("list", {"type": kind}, children)]), list(children)


def _line_start(text: str, item_start: int) -> int:
    """Where an item's marker starts: its line's first character that is not white space."""
    start = text.rfind("\n", 0, item_start) + 1
    while start < item_start and text[start].isspace():
        start += 1
    return start


def _table(block: Block):
    """A table in a numbered p: its caption as head (an editorial one marked so), rows of cells."""
    table = Node("table", {"xml:id": xml_id(block.anchor) if block.anchor else ""})
    found: list[Leaf] = []
    if block.caption:
        caption = Leaf("head", block.caption[0], block.caption[1], {})
        table.children.append(caption)
        found.append(caption)
    elif block.editorial_caption:
        table.editorial_caption = (block.editorial_caption, block.caption_note)
    for k, row in enumerate(block.parts):
        cells = [Leaf("cell", start, end, {}) for start, end in row]
        table.children.append(Node("row", {"role": "label" if k == 0 else ""}, cells))
        found += cells
    return Node("p", _numbered(block), [table]), found


def _insert_after(parent: Node, top, ab: Leaf) -> None:
    """Put a between-blocks ``ab`` right after the block ``top``."""
    at = next(i for i, child in enumerate(parent.children) if child is top)
    parent.children.insert(at + 1, ab)


# --------------------------------------------------------------------------- placing changes


def place_changes(doc: Document, leaves: list[Leaf], placed: list) -> list[tuple[int, Leaf]]:
    """Give every change (and any stray text between leaves) a leaf, growing leaves as needed.

    Returns the new between-blocks ``ab`` leaves, each with the index of the leaf before it.
    """
    bounds = [(leaf.start, leaf.end) for leaf in leaves]  # as they were before any grew
    starts = [start for start, _ in bounds]
    gaps: dict[int, Leaf] = {}
    for change, (start, end) in _to_place(doc.text, bounds, placed):
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and start >= bounds[k][0] and end <= bounds[k][1]:
            _host(leaves[k], change, start, end)
            continue
        over = _overlapping(bounds, max(k, 0), start, end)
        if len(over) == 1:
            _grow(leaves[over[0]], start, end)
            _host(leaves[over[0]], change, start, end)
        elif over:
            _split(leaves, bounds, over, change, start, end)
        else:
            _between(leaves, gaps, k, change, start, end)
    return sorted(gaps.items())


def _overlapping(bounds, k: int, start: int, end: int) -> list[int]:
    found = []
    while k < len(bounds) and bounds[k][0] < end:
        if start < bounds[k][1]:
            found.append(k)
        k += 1
    return found


def _to_place(text: str, bounds: list[tuple[int, int]], placed: list) -> list:
    """(placed change, range) for every change; (None, range) for stray text between leaves."""
    found = [(p, (p.out_start, p.out_end)) for p in placed]
    covered = sorted((p.out_start, p.out_end) for p in placed)
    edges = [(0, 0), *bounds, (len(text), len(text))]
    for (_, gap_start), (gap_end, _) in zip(edges, edges[1:]):
        found += [(None, run) for run in stray_runs(text, gap_start, gap_end, covered)]
    return sorted(found, key=lambda item: item[1])


STRAY = re.compile(r"[^ \t\n\r]+")


def stray_runs(text: str, start: int, end: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Runs of text[start:end] that are not XML white space and lie in no change's range.

    ``covered`` are the changes' ranges in order, none overlapping the next (as changes are
    placed): the ranges a run meets are found by bisection, not by reading them all."""
    runs = []
    ends = [e for _, e in covered]
    for m in STRAY.finditer(text, start, max(start, end)):
        pos = m.start()
        first = bisect.bisect_right(ends, pos)  # the first range ending after the run starts
        inside = itertools.takewhile(lambda r: r[0] < m.end(), itertools.islice(covered, first, None))
        for s, e in inside:
            if pos < s:
                runs.append((pos, s))
            pos = max(pos, e)
        if pos < m.end():
            runs.append((pos, m.end()))
    return runs


def _host(leaf: Leaf, placed, start: int, end: int, first: bool = True) -> None:
    if placed is not None:
        leaf.pieces.append(Piece(0, placed.change, start, end, first))


def _grow(leaf: Leaf, start: int, end: int) -> None:
    leaf.start, leaf.end = min(leaf.start, start), max(leaf.end, end)


def _split(leaves, bounds, over: list[int], placed, start: int, end: int) -> None:
    """A change across several leaves: a piece in each, the white space after a leaf in it."""
    for j, k in enumerate(over):
        piece_start = start if j == 0 else bounds[k][0]
        piece_end = bounds[over[j + 1]][0] if j + 1 < len(over) else end
        _grow(leaves[k], piece_start, piece_end)
        _host(leaves[k], placed, piece_start, piece_end, first=j == 0)


def _between(leaves, gaps: dict, before: int, placed, start: int, end: int) -> None:
    """A change (or stray text) between leaves: see the module's docstring."""
    after = before + 1
    if before < 0:
        host = leaves[after]
    elif after < len(leaves) and leaves[before].block is leaves[after].block:
        host = leaves[before]
    else:
        host = gaps.get(before)
        if host is None:
            host = gaps[before] = Leaf("ab", start, end, {"type": "between-blocks"})
    _grow(host, start, end)
    _host(host, placed, start, end)


# --------------------------------------------------------------------------- marks inside a leaf

RANK = {"note": 0, "run-in": 1, "citation": 2, "term": 3, "change": 4}
POINT_RANK = {"change": 0, "note-point": 1}


@dataclass
class Mark:
    """Something to write inside a leaf: a change, a (piece of a) span, or a note's place."""

    kind: str
    start: int
    end: int
    key: tuple = ()
    data: object = None
    point: bool = False
    children: list = field(default_factory=list)


def crosses(a: Mark, b: Mark) -> bool:
    """True when each of the two ranges holds an edge of the other."""
    return a.start < b.start < a.end < b.end or b.start < a.start < b.end < a.end


def cut(mark: Mark, at) -> list[Mark]:
    """The mark in pieces at the positions ``at`` strictly inside it."""
    edges = [mark.start, *sorted(p for p in set(at) if mark.start < p < mark.end), mark.end]
    return [Mark(mark.kind, s, e, mark.key, mark.data) for s, e in zip(edges, edges[1:])]


def untangle(marks: list[Mark]) -> list[Mark]:
    """Cut marks until no two cross: changes are never cut, outer kinds stay whole first."""
    atoms = [m for m in marks if m.kind == "change" or m.point]
    spans = [m for m in marks if not (m.kind == "change" or m.point)]
    pieces = [p for s in spans for p in cut(s, [e for a in atoms if crosses(a, s) for e in (a.start, a.end)])]
    accepted: list[Mark] = []
    for s in sorted(pieces, key=lambda m: (RANK[m.kind], m.start, -m.end)):
        accepted += cut(s, [e for a in accepted if crosses(a, s) for e in (a.start, a.end)])
    return atoms + accepted


def nest(marks: list[Mark]) -> list[Mark]:
    """Arrange marks that do not cross into a forest, in reading order."""

    def order(m: Mark):
        rank = POINT_RANK.get(m.kind, 0) if m.point else RANK[m.kind]
        return (m.start, 0 if m.point else 1, -m.end, rank)

    roots: list[Mark] = []
    stack: list[Mark] = []
    for m in sorted(marks, key=order):
        while stack and not _within(m, stack[-1]):
            stack.pop()
        (stack[-1].children if stack else roots).append(m)
        if not m.point:
            stack.append(m)
    return roots


def _within(m: Mark, parent: Mark) -> bool:
    if m.point:
        return parent.start < m.start < parent.end
    return parent.start <= m.start and m.end <= parent.end


# --------------------------------------------------------------------------- writing


class BodyWriter:
    """Writes a layout into an element, in one pass over the cleaned text."""

    def __init__(self, doc: Document, glossary, commentary=None):
        self.doc = doc
        self.text = doc.text
        self.glossary = glossary
        self.event_ids = {e.id for e in commentary.events} if commentary is not None else None
        self.pos = 0  # how far the cleaned text is written
        self.pieces: dict[tuple, list] = {}  # a mark's key -> its elements, in order
        self.notes: dict[int, object] = {}  # a commentary note's number -> its note element
        self.reasons: list[tuple] = []  # (choice, the note giving the change's reason)
        self.marks: dict[int, list[Mark]] = {}

    def write(self, parent, lay: Layout) -> None:
        self.marks = marks_by_leaf(self.doc, lay.leaves, lay.placed)
        body = sub(parent, "body")
        for child in lay.body.children:
            self._node(body, child)
        self._flush(body, len(self.text))
        self._finish_ids()

    def _flush(self, parent, upto: int) -> None:
        """The cleaned text up to ``upto`` (white space between leaves) at the end of ``parent``."""
        if upto > self.pos:
            append_text(parent, self.text[self.pos : upto])
            self.pos = upto

    def _node(self, parent, node) -> None:
        if isinstance(node, Leaf):
            self._flush(parent, node.start)
            element = sub(parent, node.tag, node.attrib)
            self._inline(element, node.start, node.end, nest(untangle(self.marks.get(id(node), []))))
            self.pos = node.end
            return
        self._flush(parent, first_start(node))
        element = sub(parent, node.tag, node.attrib)
        if node.editorial_caption:
            caption, note = node.editorial_caption
            head = sub(element, "head", {"type": "editorial"}, caption)
            if note:
                sub(head, "note", {"type": "editorial"}, note)
        for child in node.children:
            self._node(element, child)

    def _inline(self, element, start: int, end: int, marks: list[Mark]) -> None:
        pos = start
        for mark in marks:
            append_text(element, self.text[pos : mark.start])
            self._mark(element, mark)
            pos = max(pos, mark.end)
        append_text(element, self.text[pos:end])

    def _mark(self, parent, mark: Mark) -> None:
        if mark.kind == "change":
            self._choice(parent, mark)
        elif mark.kind == "note-point":
            self.notes[mark.data.number] = note_element(parent, mark.data, self.event_ids)
        else:
            element = sub(parent, *self._span_element(mark))
            self.pieces.setdefault(mark.key, []).append(element)
            self._inline(element, mark.start, mark.end, mark.children)

    def _span_element(self, mark: Mark) -> tuple[str, dict]:
        if mark.kind == "term":
            entry = self.glossary.entries.get(mark.data) if self.glossary is not None else None
            return name_element(entry.kind if entry else ""), {"ref": glossary_pointer(mark.data)}
        if mark.kind == "citation":
            return "ref", {"type": "citation", "n": " ".join(str(n) for n in mark.data or ())}
        if mark.kind == "run-in":
            return "label", {"type": "run-in"}
        return "seg", {"type": "commentary"}

    def _choice(self, parent, mark: Mark) -> None:
        """A change: orig/reg, or sic/corr for an emendation; its reason as a note after it."""
        piece: Piece = mark.data
        change = piece.change
        manual = is_emendation(change.rule)
        choice = sub(parent, "choice", {"ana": rule_pointer(change.rule)})
        self.pieces.setdefault(mark.key, []).append(choice)
        source = sub(choice, "sic" if manual else "orig")
        if piece.first:
            source_content(source, change.before, FURNITURE in rule_names(change.rule))
        self._inline(sub(choice, "corr" if manual else "reg"), mark.start, mark.end, mark.children)
        if piece.first and change.note:
            reason = sub(parent, "note", {"type": "change", "xml:lang": self.doc.meta.language}, change.note)
            self.reasons.append((choice, reason))

    def _finish_ids(self) -> None:
        """Ids of changes, passages and cut marks; pointers to them."""
        for key, elements in self.pieces.items():
            if key[0] not in ("change", "note") and len(elements) == 1:
                continue
            base = piece_id(key)
            ids = [base] if len(elements) == 1 else [f"{base}.{j}" for j in range(1, len(elements) + 1)]
            for element, value in zip(elements, ids):
                element.set(XML_ID, value)
            for a, b in zip(elements, elements[1:]):
                a.set("next", f"#{b.get(XML_ID)}")
                b.set("prev", f"#{a.get(XML_ID)}")
        for choice, reason in self.reasons:
            reason.set("target", f"#{choice.get(XML_ID)}")
        for number, note in self.notes.items():
            segs = self.pieces.get(("note", number), [])
            note.set("target", " ".join(f"#{seg.get(XML_ID)}" for seg in segs))


def piece_id(key: tuple) -> str:
    """The id of a mark (before a piece's ``.1``, ``.2``): ``ch-12``, ``cm-3-passage``, ``term-40``."""
    kind, value = key
    if kind == "note":
        return f"cm-{value}-passage"
    if kind == "change":
        return f"ch-{value}"
    if kind == "run-in":
        return f"p{value}-run-in"
    return f"{'cit' if kind == 'citation' else kind}-{value}"


def first_start(node) -> int:
    """Where a node's first leaf starts."""
    if isinstance(node, Leaf):
        return node.start
    return min(first_start(child) for child in node.children)


def source_content(element, before: str, furniture: bool) -> None:
    """A change's source reading; removed page furniture (its white space aside) as ``fw``."""
    core = before.strip()
    if not furniture or not core:
        append_text(element, before)
        return
    lead = before[: len(before) - len(before.lstrip())]
    append_text(element, lead)
    append_text(sub(element, "fw", {"type": "page-furniture"}), core)
    append_text(element, before[len(lead) + len(core) :])


# --------------------------------------------------------------------------- marks per leaf


def marks_by_leaf(doc: Document, leaves: list[Leaf], placed: list) -> dict[int, list[Mark]]:
    """Every leaf's marks: its changes, the spans over it (cut to it), the notes ending in it."""
    index = {id(p.change): i for i, p in enumerate(placed, 1)}
    result: dict[int, list[Mark]] = {id(leaf): [] for leaf in leaves}
    for leaf in leaves:
        for piece in leaf.pieces:
            piece.index = index[id(piece.change)]
            mark = Mark("change", piece.start, piece.end, ("change", piece.index), piece, piece.start == piece.end)
            result[id(leaf)].append(mark)
    bounds = [(leaf.start, leaf.end) for leaf in leaves]
    starts = [start for start, _ in bounds]
    for span, key in marked_spans(doc):
        k = max(0, bisect.bisect_right(starts, span.start) - 1)
        over = [leaves[i] for i in _overlapping(bounds, k, span.start, span.end)]
        for leaf in over:
            start, end = max(span.start, leaf.start), min(span.end, leaf.end)
            if start < end:
                result[id(leaf)].append(Mark(key[0], start, end, key, span.data))
        if key[0] == "note" and over:
            at = min(span.end, over[-1].end)
            result[id(over[-1])].append(Mark("note-point", at, at, (), span.data, point=True))
    return result


def marked_spans(doc: Document) -> list[tuple[Span, tuple]]:
    """(span, key) of every term, citation and commentary passage, and of each run-in heading."""
    found = []
    counters = {"term": 0, "citation": 0}
    for span in doc.spans:
        if span.kind in counters:
            counters[span.kind] += 1
            found.append((span, (span.kind, counters[span.kind])))
        elif span.kind == "note":
            found.append((span, ("note", span.data.number)))
    for _, block in doc.paragraphs():
        if block.kind == "paragraph" and block.run_in:
            found.append((Span(block.start, block.start + block.run_in, "run-in"), ("run-in", block.number)))
    return found


# --------------------------------------------------------------------------- commentary notes


def note_element(parent, note, event_ids: set) -> object:
    """A commentary note, Kazakh and English, its sources and its "see also" places."""
    corresp = [glossary_pointer(e) for e in note.glossary]
    corresp += [f"{LISTS_FILE}#{event_id(e)}" for e in note.events if not event_ids or e in event_ids]
    element = sub(parent, "note", {
        "type": "commentary", "n": note.number, "xml:id": f"cm-{note.number}", "corresp": " ".join(corresp),
    })
    for lang, html, plain in (("kk", note.html_kk, note.body_kk), ("en", note.html_en, note.body_en)):
        if html or plain.strip():
            html_to_tei(element, html or markdown_to_html(plain), plain, lang)
    if note.sources_html or note.sources:
        bibls = sub(element, "listBibl")
        for html, plain in zip(note.sources_html or [""] * len(note.sources), note.sources):
            html_to_tei(sub(bibls, "bibl"), html, plain, "", inline=True)
    for ref in note.see_also:
        sub(element, "ptr", {"type": "see-also", "target": f"{text_file_name(ref.text)}#p{ref.paragraph}"})
    return element


_HTML = {
    "p": ("p", {}), "strong": ("hi", {"rend": "bold"}), "b": ("hi", {"rend": "bold"}),
    "em": ("hi", {"rend": "italic"}), "i": ("hi", {"rend": "italic"}), "code": ("code", {}),
    "ul": ("list", {"type": "bulleted"}), "ol": ("list", {"type": "ordered"}), "li": ("item", {}),
    "blockquote": ("quote", {}), "br": ("lb", {}), "a": ("ref", {}), "pre": ("ab", {}),
    "h1": ("p", {}), "h2": ("p", {}), "h3": ("p", {}), "h4": ("p", {}), "h5": ("p", {}), "h6": ("p", {}),
}
_BLOCKS = {"p", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}


def html_to_tei(parent, html: str, plain: str, lang: str, inline: bool = False) -> None:
    """A note's HTML (the safe Markdown rendering) as TEI; the plain text when there is none."""
    from lxml import html as lxml_html

    if not html:
        if inline:
            append_text(parent, plain.strip())
        else:
            sub(parent, "p", {"xml:lang": lang}, plain.strip())
        return
    fragment = lxml_html.fragment_fromstring(html, create_parent="div")
    if inline:
        _convert_children(parent, fragment)
        return
    pending = None  # loose inline content at the top level goes into a p of its own
    if fragment.text and fragment.text.strip():
        pending = sub(parent, "p", {"xml:lang": lang}, fragment.text.strip())
    for child in fragment:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _BLOCKS:
            pending = None
            element = _convert(parent, child)
            if element is not None:
                element.set(XML_LANG, lang)
        else:
            if pending is None:
                pending = sub(parent, "p", {"xml:lang": lang})
            _convert(pending, child)
        if child.tail and child.tail.strip():
            if pending is None:
                pending = sub(parent, "p", {"xml:lang": lang})
            append_text(pending, child.tail)


def _convert(parent, child):
    tag, attrib = _HTML.get(child.tag, (None, {}))
    if tag is None:  # an element without a TEI counterpart: its text only
        append_text(parent, child.text or "")
        _convert_children(parent, child, text=False)
        return None
    attrib = dict(attrib)
    if child.tag == "a" and child.get("href"):
        attrib["target"] = child.get("href")
    element = sub(parent, tag, attrib)
    _convert_children(element, child)
    return element


def _convert_children(element, source, text: bool = True) -> None:
    if text:
        append_text(element, source.text or "")
    for child in source:
        if isinstance(child.tag, str):
            _convert(element, child)
        append_text(element, child.tail or "")
