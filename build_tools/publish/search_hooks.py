"""MkDocs hook for the site's search: Pagefind, run at the end of every build.

The search (README, "Search") is the edition's own: the box in the header
(``overrides/partials/search.html``) and ``docs/assets/search/edition-search.js``,
which reduces a query to search keys (``kazakh-stem.js``) and asks Pagefind's
script (``site/pagefind/pagefind.js``) for them. Nothing of Material's search is used.

This hook

- gives every page its search facets (``page.meta.search_facets``: kind, text,
  language, and a glossary entry's own acronyms), which ``overrides/main.html``
  writes as Pagefind's filter and metadata markup (:func:`search_index.page_facets`);
- adds the Russian Snowball stemmer the search script loads (lunr-languages, from
  ``node_modules/``, installed by ``make setup``) to ``assets/search/lunr/``;
- gives the templates the search's interface strings (``search_text``, from
  ``build_tools/data/locale/kk.yaml``);
- writes the index into ``site/pagefind/`` after the pages are built
  (:func:`search_index.build_search_index`).  `mkdocs build` and `make site` wait for it;
  `mkdocs serve` writes it in the background, so that an edit shows as soon as its pages
  are written (the preview's search follows a few seconds later). The next rebuild stops
  it before it writes a page: an edit has made it out of date, and the rebuild writes
  its own.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # MkDocs loads hooks by path, not as a package
    sys.path.insert(0, str(_ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from build_tools.core.errors import EditionError  # noqa: E402
from build_tools.core.locale import t  # noqa: E402
from build_tools.publish import search_index  # noqa: E402
from build_tools.read.texts import Paths, load_texts  # noqa: E402

# The Russian stemmer (lunr-languages, MPL 1.1): what the search script loads, and its licence.
STEMMER_PACKAGE = _ROOT / "node_modules" / "lunr-languages"
STEMMER_FILES = {
    "min/lunr.stemmer.support.min.js": "assets/search/lunr/lunr.stemmer.support.min.js",
    "min/lunr.ru.min.js": "assets/search/lunr/lunr.ru.min.js",
    "LICENSE": "assets/search/lunr/LICENSE.txt",
}

_state: dict = {}
log = logging.getLogger("mkdocs.plugins.edition.search")


def on_startup(command, dirty):
    _state["background"] = command == "serve"


def on_config(config):
    paths = Paths(Path(config.config_file_path).resolve().parent)
    if not paths.texts_yaml.is_file():  # pages without the edition's data (benchmarks' plain build)
        _state["texts"] = []
        return config
    try:
        _state["texts"] = load_texts(paths)
    except EditionError as exc:
        raise PluginError(f"search: {exc}") from None
    return config


def on_files(files, config):
    for name, uri in STEMMER_FILES.items():
        source = STEMMER_PACKAGE / name
        if not source.is_file():
            raise PluginError(f"search: {source} is missing: run `make setup` (it runs `npm ci`)")
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    return files


def on_env(env, config, files):
    env.globals["search_text"] = lambda key, **values: t(f"search.{key}", **values)
    env.globals["search_kinds"] = search_index.KINDS
    env.globals["search_languages"] = search_index.LANGUAGES
    return env


def on_page_context(context, page, config, nav):
    page.meta["search_facets"] = search_index.page_facets(page.file.src_uri, _state.get("texts", []), page.meta)
    return context


def on_pre_build(config):
    stop_index()  # the index being written reads the pages this build is about to write


def on_post_build(config):
    site = Path(config.site_dir)
    if _state.get("background"):
        stop_index()
        stop = threading.Event()
        worker = threading.Thread(target=_index_quietly, args=(site, stop), name="edition-search-index", daemon=True)
        _state["worker"] = (worker, stop)
        worker.start()
        return
    try:
        search_index.build_search_index(site)
    except EditionError as exc:
        raise PluginError(f"search:\n{exc}") from None


def on_shutdown():
    stop_index()


def wait_for_index() -> None:
    """Until the index being written in the background (`mkdocs serve`) is whole."""
    worker = _state.pop("worker", None)
    if worker is not None:
        worker[0].join()


def stop_index() -> None:
    """Stop the index being written in the background, if it is, and wait until it has stopped."""
    worker = _state.pop("worker", None)
    if worker is not None:
        worker[1].set()
        worker[0].join()


def _index_quietly(site: Path, stop: threading.Event) -> None:
    try:
        search_index.build_search_index(site, stop=stop)
    except search_index.IndexStopped:
        log.info("search: the index of the previous build was stopped (this build writes its own)")
    except Exception as exc:  # a preview's search: said, not raised (no build is running to fail)
        log.error(f"search: the index could not be written:\n{exc}")
