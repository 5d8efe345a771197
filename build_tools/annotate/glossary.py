"""The glossary: entries loaded from YAML and one compiled matcher for all their forms.

Data format (see README, "Glossary"): every ``*.yaml`` file under
``source_texts/glossary/`` holds an ``entries:`` list and/or a ``not_terms:``
list (capitalised words of the texts that are not glossary terms: Roman
numerals, common abbreviations).

Matching: every surface form of every entry becomes a sequence of small regex
*atoms*; all sequences are merged into one trie and compiled into **one**
regular expression, whatever the number of entries.  Each form ends in an
empty named group, so ``match.lastgroup`` says which form matched.

- Acronyms (ШЫҰ, ООН, SCO) match case-sensitively, with an optional Kazakh
  ending after a hyphen or directly (ШЫҰ-ның, ЕАЭО-ға, ЕОдан).
- Kazakh names match with any inflection of their last word (Шанхай
  ынтымақтастық ұйымы → ұйымының, ұйымына; одақ → одағы), a plural before the
  case ending included (Республикасы → Республикалары, Республикаларының; одағы →
  одақтары): the possessive and plural endings are those of language.yaml.
- Russian names match with any ending on every word (Организации
  Объединённых Наций, Центральной Азии), a hyphenated word with its ending on
  its last part (Нур-Султане, Алма-Аты), ё = е.
- The first letter of every word of a name matches in either case.
- Never inside a longer word, never inside a URL.

Context: an entry's ``context:`` rules make some of its forms (generic names such as
«Сыртқы істер министрлігі», «МИД») link only where one of the ``require`` words
stands within ``window`` words before or after them, and never where one of the
``forbid`` words does.  The words are matched like forms (Қазақстанның, Казахстана,
российского).  Several entries may then share a form: the first whose context fits
gets the occurrence; when none fits, it is not linked.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import EditionError, EditionErrors
from ..core.language import CONSONANT, language
from ..core.yamlio import Mapping
from ..read.yamlfile import load_yaml

KINDS = {"organisation", "treaty", "programme", "person", "place", "concept", "state", "event"}
REQUIRED = {"id", "kind", "name", "description"}
OPTIONAL = {"acronym", "variants", "dates", "link", "index_name", "context"}
CONTEXT_FIELDS = {"forms", "require", "forbid", "window"}
DEFAULT_WINDOW = 3
MAX_WINDOW = 10
LANGS = ("kk", "ru", "en")
TOP_LEVEL = {"entries", "not_terms"}
NOT_TERM_FIELDS = {"form", "reason"}
# Entry pages live at glossary/<id>.md: these names are taken by the indexes.
RESERVED_IDS = {"index", "persons", "places", "corpus"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Letters and their classes: build_tools/data/language.yaml.
_LANG = language()
LOWER = _LANG.lower_class
UPPER = _LANG.upper_class
KK_VOWELS = set(_LANG.kazakh_vowels)
RU_ENDING_LETTERS = set(_LANG.russian_ending_letters)
# Letters that stand for one another (е, ё), in lower and upper case.
SAME_LOWER = "".join(_LANG.same_letters)
SAME_UPPER = SAME_LOWER.upper()
# A final voiceless consonant of a Kazakh stem and its voiced twin (одақ → одағы),
# and the way back (одағы → одақтары).
VOICING = _LANG.voicing
UNVOICING = {voiced: voiceless for voiceless, voiced in VOICING.items()}
# Kazakh endings (language.yaml `endings`): a name's last word may carry a possessive,
# before which a plural may stand (Республика-лар-ы-ның).
POSSESSIVES = _LANG.endings["possessives"]
PLURALS = _LANG.endings["plurals"]
STEM_VOWELS = set(_LANG.stem_ends["vowel"])
BACK_VOWELS = set(_LANG.vowels["back"])
FRONT_VOWELS = set(_LANG.vowels["front"])
ALL_VOWELS = BACK_VOWELS | FRONT_VOWELS | set(_LANG.vowels["neutral"])
HYPHENS = "-‐‑–"
# A capitalised word of two or more letters (an acronym candidate), as the
# coverage report sees it; a lower-case ending may follow.
ACRONYM_RE = re.compile(rf"(?<!\w)([{UPPER}]{{2,}})(?=[{HYPHENS}]?[{LOWER}]*(?!\w))")
# A form starts a word.  A name is never the second half of a hyphenated word
# (Транс-Каспий); an acronym may be (Қазақстан-АҚШ, ОАО-ОАЭК).
START = r"(?<!\w)"
NAME_START = rf"(?<![{LOWER}][{HYPHENS}])"
URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)

# Atoms that end a form.
ACRONYM_ENDING = rf"(?:[{HYPHENS}]?[{LOWER}]{{1,12}})?"
KK_ENDING = rf"[{LOWER}]{{0,15}}"
RU_ENDING = f"[{_LANG.russian_lower_class}]{{0,4}}"
EN_ENDING = "(?:['’]s)?"

# A word of a context window: anything between spaces with a letter or digit in it
# (a free-standing dash or quotation mark is no word).
WINDOW_WORD_RE = re.compile(r"\S*\w\S*")
# How far to look for a window's words (characters per word).
WINDOW_CHARS_PER_WORD = 60


# --------------------------------------------------------------------------- entries


@dataclass
class Context:
    """Where some forms of an entry link: one of the ``require`` words (if any) and none of
    the ``forbid`` words within ``window`` words before or after the occurrence.

    ``require`` and ``forbid`` map a language (kk, ru, en) to words or phrases, matched with
    that language's endings, like the entry's forms.
    """

    forms: tuple[str, ...]
    require: dict[str, list[str]] = field(default_factory=dict)
    forbid: dict[str, list[str]] = field(default_factory=dict)
    window: int = DEFAULT_WINDOW
    source: str = ""  # file:line of the rule

    def qualifiers(self, key: str) -> list[tuple[str, str]]:
        """(word, mode) of every ``require`` or ``forbid`` word."""
        return [(q, _mode(q, lang)) for lang in LANGS for q in getattr(self, key).get(lang, [])]


@dataclass
class Entry:
    id: str
    kind: str
    name: dict[str, str]
    acronym: dict[str, list[str]] = field(default_factory=dict)
    variants: dict[str, list[str]] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    dates: str = ""
    link: str = ""
    # How indexes list the entry when it is not "surname, given names" (persons) or the name
    # itself (others): "Си Цзиньпин" (surname first already), "Абай Құнанбайұлы" (known by his name).
    index_name: str = ""
    source: str = ""  # file:line of the entry
    # Passages where a form of this entry names something else: (text id, exact quote
    # of the cleaned text, file, line), from source_texts/term_exceptions.yaml.
    # Occurrences inside them are not linked.
    not_linked_in: list[tuple[str, str, str, int]] = field(default_factory=list)
    # Rules that make generic forms («МИД») link only in their context (see Context).
    context: list[Context] = field(default_factory=list)

    def __post_init__(self):
        # Accept a single string where a list is expected ({kk: ШЫҰ}), and a plain
        # list of variants (Kazakh), as the YAML does.
        if isinstance(self.variants, list):
            self.variants = {"kk": list(self.variants)}
        for attr in ("acronym", "variants"):
            value = getattr(self, attr)
            setattr(self, attr, {k: [v] if isinstance(v, str) else list(v) for k, v in value.items()})

    def display_name(self, language: str = "kk") -> str:
        return self.name.get(language) or self.name.get("kk") or self.name.get("en") or self.id

    def acronyms(self, language: str | None = None) -> list[str]:
        langs = LANGS if language is None else (language,)
        return [a for lang in langs for a in self.acronym.get(lang, [])]

    def index_label(self) -> str:
        """The entry as the indexes list and sort it: a person surname first ("Назарбаев, Нұрсұлтан")."""
        if self.index_name:
            return self.index_name
        name = self.display_name("kk")
        words = name.split()
        if self.kind != "person" or len(words) < 2:
            return name
        return f"{words[-1]}, {' '.join(words[:-1])}"

    def label(self, language: str = "kk") -> str:
        """Name with its acronym: «Шанхай ынтымақтастық ұйымы (ШЫҰ)»."""
        name = self.display_name(language)
        acr = self.acronym.get(language) or []
        return f"{name} ({acr[0]})" if acr else name

    def form_specs(self) -> list[tuple[str, str]]:
        """Every (form, mode) that should link to this entry; mode is acronym, kk, ru or en."""
        specs: list[tuple[str, str]] = []
        for lang in LANGS:
            for a in self.acronym.get(lang, []):
                specs.append((a, "acronym"))
        for lang in LANGS:
            if self.name.get(lang):
                specs.append((self.name[lang], _mode(self.name[lang], lang)))
        for lang in LANGS:
            for v in self.variants.get(lang, []):
                specs.append((v, _mode(v, lang)))
        seen: set = set()
        result = []
        for spec in specs:
            if spec not in seen:
                seen.add(spec)
                result.append(spec)
        return result

    def forms(self) -> list[str]:
        """Every surface form (as written in the YAML) that links to this entry."""
        return list(dict.fromkeys(form for form, _ in self.form_specs()))

    def full_names(self) -> set[str]:
        return {v for v in self.name.values() if v}

    def context_of(self, form: str) -> Context | None:
        """The context rule of one of the entry's forms, if it has one."""
        return next((rule for rule in self.context if form in rule.forms), None)


def _is_acronym(form: str) -> bool:
    """A single token with a part of two or more capital letters: ЕврАзЭС, ООН, SCO, ЭКСПО-2017.

    A hyphenated name whose parts have one capital each (Нұр-Сұлтан, Алма-Ата) is a name.
    """
    if re.search(r"\s", form):
        return False
    return any(sum(1 for c in part if c.isupper()) >= 2 for part in re.split(f"[{HYPHENS}]", form))


def _mode(form: str, lang: str) -> str:
    return "acronym" if _is_acronym(form) else lang


# --------------------------------------------------------------------------- form → atoms


def _letter(ch: str) -> str:
    if ch in SAME_LOWER:
        return f"[{SAME_LOWER}]"
    if ch in SAME_UPPER:
        return f"[{SAME_UPPER}]"
    return re.escape(ch)


def _first_letter(ch: str) -> str:
    lo, up = ch.lower(), ch.upper()
    if lo in SAME_LOWER:
        return f"[{SAME_LOWER}{SAME_UPPER}]"
    if lo != up:
        return f"[{re.escape(lo)}{re.escape(up)}]"
    return re.escape(ch)


def _word_atoms(word: str, first_any_case: bool = True) -> list[str]:
    atoms = []
    for i, ch in enumerate(word):
        if ch in HYPHENS:
            atoms.append(rf"[{HYPHENS}]\s?")
        elif i == 0 and first_any_case:
            atoms.append(_first_letter(ch))
        else:
            atoms.append(_letter(ch))
    return atoms


def _inflected(word: str) -> bool:
    """A word that takes endings: letters, or letters joined by hyphens (Нұр-Сұлтан)."""
    parts = re.split(f"[{HYPHENS}]", word)
    return all(part.isalpha() for part in parts)


def _kk_stem(word: str) -> list[str]:
    """Atoms of a Kazakh word's stem: a final possessive vowel dropped, a final қ/к/п also voiced."""
    if len(word) > 4 and word[-1].lower() in KK_VOWELS:
        word = word[:-1]
    atoms = _word_atoms(word)
    last = word[-1:].lower()
    if len(word) > 2 and last in VOICING:
        atoms[-1] = f"[{last}{VOICING[last]}]"
    return atoms


def _last_vowel(word: str) -> str:
    return next((ch for ch in reversed(word) if ch in ALL_VOWELS), "")


def _fits(stem: str, ending) -> bool:
    """Whether a Kazakh ending of language.yaml may follow ``stem`` (lower case): the sound
    the stem ends with and vowel harmony (a neutral or no vowel goes with either series)."""
    last = stem[-1:]
    if not last or (last in STEM_VOWELS if ending.after == CONSONANT else last not in ending.after):
        return False
    vowel = _last_vowel(stem)
    if ending.harmony == "back":
        return vowel not in FRONT_VOWELS
    if ending.harmony == "front":
        return vowel not in BACK_VOWELS
    return True


def _kk_plural_stem(word: str) -> tuple[str, list[str]] | None:
    """A name's last word with a possessive ending (Республика-сы, одағ-ы): its bare stem, as the
    plural takes it (одағ → одақ), and the plural endings that fit it (лар; тар)."""
    lower = word.lower()
    for ending in POSSESSIVES:  # longest first: the first that fits wins
        stem = lower[: -len(ending.text)]
        if not lower.endswith(ending.text) or not _fits(stem, ending):
            continue
        if len(stem) < 3 or not _last_vowel(stem):
            return None  # too short a stem: a misreading (еліміз is ел-іміз, not елі-міз)
        bare = word[: len(stem)]
        if stem[-1] in UNVOICING:
            bare = bare[:-1] + UNVOICING[stem[-1]]
        plurals = [p.text for p in PLURALS if _fits(bare.lower(), p)]
        return (bare, plurals) if plurals else None
    return None


def _kk_last_word(word: str) -> list[str]:
    """Atoms of a Kazakh name's last word and of any ending after it.

    The stem (``_kk_stem``) takes any ending.  When the word ends with a possessive
    (Республикасы, одағы), its bare stem may also take a plural before the possessive and
    case endings (Республикалары, Республикаларының; одақтары): the two meet in one atom
    after the letters they share.
    """
    atoms = _kk_stem(word)
    split = _kk_plural_stem(word)
    if split is not None:
        bare, plurals = split
        plural = _word_atoms(bare) + ["(?:" + "|".join(map(re.escape, plurals)) + ")"]
        shared = 0
        while shared < min(len(atoms), len(plural)) and atoms[shared] == plural[shared]:
            shared += 1
        if shared < len(atoms):  # else the stem's endings already hold the plural (ұйым → ұйымдары)
            rest, plural_rest = "".join(atoms[shared:]), "".join(plural[shared:])
            atoms = atoms[:shared] + [f"(?:{rest}|{plural_rest})"]
    return atoms + [KK_ENDING]


def _ru_stem(word: str) -> list[str]:
    """Atoms of a Russian word's stem: up to two ending letters dropped (at least 3 kept:
    Азия → Ази-и, море → мор-я); a hyphenated word inflects its last part (Алма-Ат-ы)."""
    stem = word
    for _ in range(2):
        if len(stem) > 3 and stem[-1].lower() in RU_ENDING_LETTERS:
            stem = stem[:-1]
    return _word_atoms(stem)


def form_atoms(form: str, mode: str) -> tuple[str, ...]:
    """The regex atoms of one form (their concatenation matches every inflected occurrence)."""
    form = form.strip()
    if mode == "acronym":
        return (*(_letter(ch) for ch in form), ACRONYM_ENDING)
    words = form.split()
    atoms: list[str] = [NAME_START]
    for i, word in enumerate(words):
        if i:
            atoms.append(r"\s+")
        last = i == len(words) - 1
        if all(ch in HYPHENS for ch in word):  # a free-standing dash: «Бір белдеу – бір жол»
            atoms.append(f"[{HYPHENS}—]")
        elif mode == "ru" and len(word) > 3 and _inflected(word):
            atoms.extend(_ru_stem(word))
            atoms.append(RU_ENDING)
        elif mode == "kk" and last and _inflected(word):
            atoms.extend(_kk_last_word(word))
        else:
            atoms.extend(_word_atoms(word))
    if mode == "en":
        atoms.append(EN_ENDING)
    return tuple(atoms)


# --------------------------------------------------------------------------- one matcher


@dataclass(frozen=True)
class Form:
    entry_id: str
    form: str
    mode: str
    context: Context | None = field(default=None, compare=False)

    @property
    def is_full_name(self) -> bool:
        return self.mode != "acronym"


class _Trie:
    __slots__ = ("children", "ends", "_depth")

    def __init__(self):
        self.children: dict[str, _Trie] = {}
        self.ends: list[str] = []  # marker group names ending here
        self._depth = 0

    def add(self, atoms: tuple[str, ...], marker: str) -> None:
        node = self
        for atom in atoms:
            node = node.children.setdefault(atom, _Trie())
        node.ends.append(marker)

    def depth(self) -> int:
        """Length of the longest path below (computed once; the trie is complete by then)."""
        if not self._depth:
            self._depth = 1 + max((c.depth() for c in self.children.values()), default=0)
        return self._depth

    def pattern(self) -> str:
        # Longer paths first, so that the longest form wins; endings last.
        ordered = sorted(
            self.children.items(),
            key=lambda kv: (kv[0] in (ACRONYM_ENDING, KK_ENDING, RU_ENDING, EN_ENDING), -kv[1].depth(), kv[0]),
        )
        branches = [atom + child.pattern() for atom, child in ordered]
        branches += [rf"(?!\w)(?P<{marker}>)" for marker in self.ends[:1]]
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"


class Glossary:
    """All entries, with one compiled regular expression over all their forms."""

    def __init__(self, entries: list[Entry], not_terms: dict[str, str] | None = None):
        self.entries = {e.id: e for e in entries}
        self.not_terms: dict[str, str] = dict(not_terms or {})  # form -> reason
        # marker -> the forms it stands for: one, or several of different entries that share
        # a form, each with its context (load_glossary allows that only then)
        self._markers: dict[str, list[Form]] = {}
        self._form_to_id: dict[str, str] = {}
        # id(context) -> (window, matcher of its `require` words, of its `forbid` words)
        self._contexts: dict[int, tuple[int, re.Pattern | None, re.Pattern | None]] = {}
        trie = _Trie()
        seen_atoms: dict[tuple[str, ...], str] = {}
        for entry in entries:
            for form, mode in entry.form_specs():
                self._form_to_id.setdefault(form, entry.id)
                atoms = form_atoms(form, mode)
                context = entry.context_of(form)
                if context is not None and id(context) not in self._contexts:
                    self._contexts[id(context)] = (
                        context.window,
                        _words_matcher(context.qualifiers("require")),
                        _words_matcher(context.qualifiers("forbid")),
                    )
                marker = seen_atoms.get(atoms)
                if marker is not None:
                    # the same pattern twice: within one entry, the first form stands for both;
                    # across entries (each with a context), every one is a candidate
                    if all(f.entry_id != entry.id for f in self._markers[marker]):
                        self._markers[marker].append(Form(entry.id, form, mode, context))
                    continue
                marker = f"g{len(self._markers)}"
                seen_atoms[atoms] = marker
                self._markers[marker] = [Form(entry.id, form, mode, context)]
                trie.add(atoms, marker)
        self._regex = re.compile(START + trie.pattern()) if self._markers else None

    @property
    def regex(self):
        """The one compiled matcher (None for an empty glossary)."""
        return self._regex

    def matches(self, text: str):
        """Yield (start, end, Form) for every occurrence in text (outside URLs).

        An occurrence of a form with a context is kept only where its context fits
        (``context_fits``); where no candidate fits, the words are not linked and matching
        goes on from the next word (a shorter form starting at the same word is not tried).
        """
        if self._regex is None:
            return
        urls = [m.span() for m in URL_RE.finditer(text)] if ("/" in text or "www" in text) else []
        pos = 0
        while (m := self._regex.search(text, pos)) is not None:
            start, end = m.span()
            pos = end
            if urls and any(s < end and start < e for s, e in urls):
                continue
            form = next((f for f in self._markers[m.lastgroup] if self.context_fits(f, text, start, end)), None)
            if form is None:
                pos = start + 1
                continue
            yield start, end, form

    def context_fits(self, form: Form, text: str, start: int, end: int) -> bool:
        """Whether the occurrence text[start:end] of ``form`` stands in a context its entry allows."""
        if form.context is None:
            return True
        window, require, forbid = self._contexts[id(form.context)]
        before, after = context_window(text, start, end, window)

        def near(matcher):
            return matcher.search(before) is not None or matcher.search(after) is not None

        if forbid is not None and near(forbid):
            return False
        return require is None or near(require)

    def find(self, text: str, language: str = "kk"):
        """Yield (start, end, entry_id) for every occurrence in text."""
        for start, end, form in self.matches(text):
            yield start, end, form.entry_id

    def form_of(self, surface: str, entry_id: str | None = None) -> Form | None:
        """The form a matched piece of text is an occurrence of (of ``entry_id`` when given and
        several entries share the form)."""
        if self._regex is None:
            return None
        m = self._regex.fullmatch(surface)
        if not m:
            return None
        forms = self._markers[m.lastgroup]
        return next((f for f in forms if f.entry_id == entry_id), forms[0])

    def __len__(self) -> int:
        return len(self.entries)


def _words_matcher(specs: list[tuple[str, str]]) -> re.Pattern | None:
    """One regular expression over the words of a context rule, matched like forms."""
    if not specs:
        return None
    trie = _Trie()
    for i, (word, mode) in enumerate(specs):
        trie.add(form_atoms(word, mode), f"q{i}")
    return re.compile(START + trie.pattern())


def context_window(text: str, start: int, end: int, words: int) -> tuple[str, str]:
    """The ``words`` words before text[start:end] and the ``words`` words after it."""
    reach = WINDOW_CHARS_PER_WORD * words
    before = [m.start() for m in WINDOW_WORD_RE.finditer(text, max(0, start - reach), start)]
    after = [m.end() for m in WINDOW_WORD_RE.finditer(text, end, min(len(text), end + reach))]
    lo = before[-words] if len(before) >= words else (before[0] if before else start)
    hi = after[words - 1] if len(after) >= words else (after[-1] if after else end)
    return text[lo:start], text[end:hi]


# --------------------------------------------------------------------------- loading and validation


def _strings(value) -> list[str] | None:
    """A string or a list of strings as a list; None when it is neither."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [v for v in value if v.strip()]
    return None


def _lang_map(item: Mapping, key: str, path: Path, label: str, errors: list, lists: bool, plain_kk: bool = False):
    """Validate a {kk:, ru:, en:} mapping; values are strings (or lists when ``lists``).

    With ``plain_kk`` a plain list stands for its Kazakh list (`variants: [...]`).
    """
    value = item.get(key)
    if value is None:
        return {}
    line = item.line_of(key)
    if plain_kk and isinstance(value, list):
        value = {"kk": value}  # a plain list holds Kazakh words
    if not isinstance(value, dict):
        errors.append(EditionError(path, f"{label}: `{key}` must be a mapping of kk/ru/en", line, hint=f"write `{key}: {{kk: ..., ru: ..., en: ...}}`"))
        return {}
    result = {}
    for lang, v in value.items():
        where = value.line_of(lang) if isinstance(value, Mapping) else line
        if lang not in LANGS:
            errors.append(EditionError(path, f"{label}: unknown language `{lang}` in `{key}`", where, hint="use kk, ru or en"))
            continue
        if lists:
            strings = _strings(v)
            if strings is None:
                errors.append(EditionError(path, f"{label}: `{key}.{lang}` must be a string or a list of strings", where))
                continue
            result[lang] = strings
        else:
            if not isinstance(v, str) or not v.strip():
                errors.append(EditionError(path, f"{label}: `{key}.{lang}` must be a non-empty string", where))
                continue
            result[lang] = v.strip()
    return result


def _entry_from_yaml(item, path: Path) -> tuple[Entry | None, list[EditionError]]:
    errors: list[EditionError] = []
    if not isinstance(item, Mapping):
        return None, [EditionError(path, "a glossary entry must be a mapping", getattr(item, "line", 0), hint="start the entry with `- id: ...`")]
    label = f"entry {item.get('id', '?')!r}"
    for key in sorted(REQUIRED - set(item)):
        errors.append(EditionError(path, f"{label}: missing required field `{key}`", item.line, hint=f"add `{key}:`"))
    for key in sorted(set(item) - REQUIRED - OPTIONAL, key=str):
        errors.append(
            EditionError(
                path,
                f"{label}: unknown field `{key}`",
                item.line_of(key),
                hint=f"known fields: {', '.join(sorted(REQUIRED | OPTIONAL))}",
            )
        )
    if errors:
        return None, errors
    entry_id = item["id"]
    if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
        errors.append(EditionError(path, f"{label}: `id` must be lower-case ASCII words joined by hyphens", item.line_of("id"), hint="for example `id: un-security-council`"))
    elif entry_id in RESERVED_IDS:
        errors.append(EditionError(path, f"{label}: the id {entry_id!r} is reserved for an index page", item.line_of("id"), hint="choose another id"))
    if item["kind"] not in KINDS:
        errors.append(
            EditionError(
                path,
                f"{label}: unknown kind {item['kind']!r}",
                item.line_of("kind"),
                hint=f"use one of {', '.join(sorted(KINDS))}",
            )
        )
    name = _lang_map(item, "name", path, label, errors, lists=False)
    if not name.get("kk") and not any(e.message.startswith(f"{label}: `name") for e in errors):
        errors.append(EditionError(path, f"{label}: `name` needs at least `kk:`", item.line_of("name"), hint="add `name: {kk: ...}`"))
    description = _lang_map(item, "description", path, label, errors, lists=False)
    for lang in ("kk", "en"):
        if lang not in description and not any(e.message.startswith(f"{label}: `description") for e in errors):
            errors.append(EditionError(path, f"{label}: `description` needs `{lang}:`", item.line_of("description"), hint="describe the entry in Kazakh (kk) and English (en)"))
    acronym = _lang_map(item, "acronym", path, label, errors, lists=True)
    variants = _lang_map(item, "variants", path, label, errors, lists=True, plain_kk=True)
    for key in ("dates", "link", "index_name"):
        if key in item and not isinstance(item[key], (str, int)):
            errors.append(EditionError(path, f"{label}: `{key}` must be a string", item.line_of(key)))
    link = str(item.get("link") or "")
    if link and not re.match(r"https?://", link):
        errors.append(EditionError(path, f"{label}: `link` must be an http(s) address", item.line_of("link")))
    if errors:
        return None, errors
    entry = Entry(
        id=entry_id,
        kind=item["kind"],
        name=name,
        acronym=acronym,
        variants=variants,
        description=description,
        dates=str(item.get("dates") or ""),
        link=link,
        index_name=str(item.get("index_name") or "").strip(),
        source=f"{path}:{item.line}",
    )
    if "context" in item:
        entry.context = _contexts(item, path, label, entry.forms(), errors)
    if errors:
        return None, errors
    return entry, []


CONTEXT_EXAMPLE = "context: [{forms: [<a form of the entry>], require: {kk: [<word>, ...]}, forbid: {ru: [<word>, ...]}, window: 3}]"


def _contexts(item: Mapping, path: Path, label: str, forms: list[str], errors: list) -> list[Context]:
    """Validate an entry's ``context:`` (one rule or a list of rules, see Context)."""
    value = item["context"]
    rules = [value] if isinstance(value, Mapping) else value
    if not isinstance(rules, list) or not rules:
        errors.append(EditionError(path, f"{label}: `context` must be a rule or a list of rules", item.line_of("context"), hint=f"write `{CONTEXT_EXAMPLE}`"))
        return []
    result: list[Context] = []
    ruled: dict[str, int] = {}  # form -> line of its rule
    for rule in rules:
        line = getattr(rule, "line", 0) or item.line_of("context")
        if not isinstance(rule, Mapping):
            errors.append(EditionError(path, f"{label}: a `context` rule must be a mapping", line, hint=f"write `{CONTEXT_EXAMPLE}`"))
            continue
        before = len(errors)
        for key in sorted(set(rule) - CONTEXT_FIELDS, key=str):
            errors.append(EditionError(path, f"{label}: unknown field `{key}` in `context`", rule.line_of(key), hint=f"known fields: {', '.join(sorted(CONTEXT_FIELDS))}"))
        rule_forms = _strings(rule.get("forms"))
        if "forms" not in rule:
            errors.append(EditionError(path, f"{label}: a `context` rule needs `forms:`", line, hint="list the forms of this entry the rule applies to (its generic names)"))
        elif not rule_forms:
            errors.append(EditionError(path, f"{label}: `context.forms` must be a form or a list of forms", rule.line_of("forms"), hint=f"the entry's forms: {', '.join(forms)}"))
        for form in rule_forms or []:
            if form not in forms:
                errors.append(EditionError(path, f"{label}: `context.forms` names {form!r}, which is not a form of this entry", rule.line_of("forms"), hint=f"use its name, acronym or variants as written: {', '.join(forms)}"))
            elif form in ruled:
                errors.append(EditionError(path, f"{label}: {form!r} has two `context` rules (the first on line {ruled[form]})", rule.line_of("forms"), hint="give each form one rule"))
            else:
                ruled[form] = rule.line_of("forms")
        words = {}
        for key in ("require", "forbid"):
            words[key] = _lang_map(rule, key, path, f"{label}: context", errors, lists=True, plain_kk=True)
            if key in rule and not any(words[key].values()) and len(errors) == before:
                errors.append(EditionError(path, f"{label}: `context.{key}` lists no words", rule.line_of(key), hint="give words or phrases per language: `{kk: [...], ru: [...]}`"))
        if "require" not in rule and "forbid" not in rule:
            errors.append(
                EditionError(
                    path,
                    f"{label}: a `context` rule needs `require:` or `forbid:`",
                    line,
                    hint="`require`: words one of which must stand near the form; `forbid`: words none of which may",
                )
            )
        window = rule.get("window", DEFAULT_WINDOW)
        if isinstance(window, bool) or not isinstance(window, int) or not 1 <= window <= MAX_WINDOW:
            errors.append(EditionError(path, f"{label}: `context.window` must be a whole number of words from 1 to {MAX_WINDOW}", rule.line_of("window"), hint=f"the default is {DEFAULT_WINDOW}"))
        if len(errors) == before:
            result.append(Context(tuple(rule_forms), words["require"], words["forbid"], window, f"{path}:{line}"))
    return result


def _not_terms(items, path: Path, errors: list, seen: dict) -> None:
    if not isinstance(items, list):
        errors.append(EditionError(path, "`not_terms` must be a list", getattr(items, "line", 0), hint="write one item per word: `- {form: <the word>, reason: <why it is no term>}`"))
        return
    for item in items:
        line = getattr(item, "line", 0)
        if not isinstance(item, Mapping):
            errors.append(EditionError(path, "a `not_terms` item must be a mapping with `form` and `reason`", line))
            continue
        for key in sorted(set(item) - NOT_TERM_FIELDS, key=str):
            errors.append(EditionError(path, f"not_terms: unknown field `{key}`", item.line_of(key), hint="known fields: form, reason"))
        for key in sorted(NOT_TERM_FIELDS - set(item)):
            errors.append(EditionError(path, f"not_terms: missing required field `{key}`", line, hint=f"add `{key}:`"))
        form = item.get("form")
        if isinstance(form, str) and isinstance(item.get("reason"), str):
            if form in seen:
                errors.append(EditionError(path, f"not_terms: {form!r} is listed twice (first at {seen[form]})", line))
            else:
                seen[form] = f"{path}:{line}"


def load_glossary(directory: Path) -> Glossary:
    """Load every ``*.yaml`` under ``source_texts/glossary/`` into one validated glossary.

    All problems of all files are collected and raised together (file:line each).
    """
    directory = Path(directory)
    entries: list[Entry] = []
    errors: list[EditionError] = []
    seen_ids: dict[str, str] = {}
    seen_atoms: dict[tuple[str, ...], tuple[str, str, bool]] = {}  # pattern -> (entry id, form, has a context)
    not_terms: dict[str, str] = {}
    not_term_places: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")) if directory.is_dir() else []:
        try:
            data = load_yaml(path)
        except EditionError as exc:
            errors.append(exc)
            continue
        if not isinstance(data, Mapping) or not (set(data) & TOP_LEVEL):
            errors.append(EditionError(path, "expected a top-level `entries:` list (or `not_terms:`)", getattr(data, "line", 0)))
            continue
        for key in sorted(set(data) - TOP_LEVEL, key=str):
            errors.append(EditionError(path, f"unknown top-level key `{key}`", data.line_of(key), hint="use `entries:` or `not_terms:`"))
        if "not_terms" in data:
            _not_terms(data["not_terms"], path, errors, not_term_places)
            for item in data["not_terms"] if isinstance(data["not_terms"], list) else []:
                if isinstance(item, Mapping) and isinstance(item.get("form"), str):
                    not_terms.setdefault(item["form"], str(item.get("reason", "")))
        items = data.get("entries", [])
        if not isinstance(items, list):
            errors.append(EditionError(path, "`entries` must be a list", data.line_of("entries")))
            continue
        for item in items:
            entry, entry_errors = _entry_from_yaml(item, path)
            errors.extend(entry_errors)
            if entry is None:
                continue
            if entry.id in seen_ids:
                errors.append(
                    EditionError(
                        path,
                        f"duplicate entry id {entry.id!r} (first at {seen_ids[entry.id]})",
                        item.line_of("id"),
                        hint="every entry needs its own id",
                    )
                )
                continue
            seen_ids[entry.id] = entry.source
            for form, mode in entry.form_specs():
                atoms = form_atoms(form, mode)
                owner = seen_atoms.get(atoms)
                contextual = entry.context_of(form) is not None
                if owner and owner[0] != entry.id and not (owner[2] and contextual):
                    same = "" if owner[1] == form else f" (as {owner[1]!r}, which matches the same words)"
                    errors.append(
                        EditionError(
                            path,
                            f"entry {entry.id!r}: form {form!r} is already claimed by entry {owner[0]!r}{same}",
                            item.line,
                            hint="a form may belong to one entry only, unless every entry that claims it gives it a `context:`",
                        )
                    )
                seen_atoms.setdefault(atoms, (entry.id, form, contextual))
            entries.append(entry)
    if errors:
        raise EditionErrors(errors)
    return Glossary(entries, not_terms)


EXCEPTION_FIELDS = {"entry", "text", "quote", "reason"}


def load_term_exceptions(path: Path, glossary: Glossary) -> None:
    """Attach the passages where a glossary form names something else (edition data).

    ``source_texts/term_exceptions.yaml`` lists them apart from the glossary, which stays
    free of text ids; each quote is checked against its text when the text is annotated.
    """
    path = Path(path)
    if not path.is_file():
        return
    data = load_yaml(path)
    items = data.get("exceptions") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        raise EditionError(path, "expected a top-level `exceptions:` list", getattr(data, "line", 0))
    errors: list[EditionError] = []
    for item in items:
        line = getattr(item, "line", 0)
        if not isinstance(item, Mapping) or set(item) != EXCEPTION_FIELDS or not all(
            isinstance(item[k], str) and item[k].strip() for k in EXCEPTION_FIELDS
        ):
            errors.append(
                EditionError(
                    path,
                    "an exception needs exactly `entry`, `text`, `quote` and `reason` (non-empty strings)",
                    line,
                    hint='write `- {entry: almaty-declaration, text: "002", quote: "...", reason: "..."}`',
                )
            )
            continue
        entry = glossary.entries.get(item["entry"])
        if entry is None:
            errors.append(
                EditionError(path, f"unknown glossary entry {item['entry']!r}", item.line_of("entry"), hint="use an entry id of source_texts/glossary/")
            )
            continue
        entry.not_linked_in.append((item["text"], item["quote"], str(path), line))
    if errors:
        raise EditionErrors(errors)


# --------------------------------------------------------------------------- coverage


def _capitals_line(text: str, pos: int) -> bool:
    """Whether the line around pos is typed in capitals (a heading, not a run of acronyms)."""
    lo = text.rfind("\n", 0, pos) + 1
    hi = text.find("\n", pos)
    line = text[lo : hi if hi >= 0 else len(text)]
    letters = [c for c in line if c.isalpha()]
    return len(line.split()) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def uncovered_acronyms(documents, glossary: Glossary) -> dict[str, list[tuple[object, int]]]:
    """Capitalised words in the texts' annotatable blocks that no entry covers.

    Returns {word: [(document, cleaned-text offset), ...]}.  A word is covered
    when a glossary match covers it, when it is a form its entry does not link in
    this context («российского МИД», see Context) or when ``not_terms`` lists it;
    headings and lines typed wholly in capitals are not looked at.
    """
    result: dict[str, list[tuple[object, int]]] = {}
    for doc in documents:
        covered = sorted((s.start, s.end) for s in doc.spans if s.kind == "term")
        starts = [s for s, _ in covered]
        for div in doc.divisions:
            for block in div.blocks:
                if block.kind == "heading":
                    continue
                for m in ACRONYM_RE.finditer(doc.text, block.start, block.end):
                    word = m.group(1)
                    if word in glossary.not_terms:
                        continue
                    form = glossary.form_of(word)
                    if form is not None and form.context is not None:
                        continue  # a known form, left unlinked here by its context
                    i = bisect.bisect_right(starts, m.start()) - 1
                    if i >= 0 and covered[i][0] <= m.start() < covered[i][1]:
                        continue
                    if _capitals_line(doc.text, m.start()):
                        continue
                    result.setdefault(word, []).append((doc, m.start()))
    return result


def coverage_problems(documents, glossary: Glossary, sources: Path) -> list[EditionError]:
    """One error per capitalised word of the texts that no entry covers (file:line of the raw text)."""
    problems = []
    for word, places in sorted(uncovered_acronyms(documents, glossary).items()):
        doc, pos = places[0]
        raw = doc.clean.raw
        at = raw.find(word)
        line = raw.count("\n", 0, at) + 1 if at >= 0 else 0
        texts = ", ".join(sorted({d.meta.id for d, _ in places}))
        problems.append(
            EditionError(
                Path(sources) / doc.meta.file,
                f"capitalised word {word!r} ({len(places)} time(s), text(s) {texts}) is not covered by any glossary entry",
                line,
                hint="add an entry, an acronym or a variant under source_texts/glossary/, "
                "or list it under `not_terms:` in source_texts/glossary/not_terms.yaml if it is not a term",
            )
        )
    return problems
