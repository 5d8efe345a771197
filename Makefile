# The edition's two commands: `make site` and `make test` (see README.md).
VENV   ?= .venv
PYTHON ?= python3
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: the date of the last commit, or a fixed date outside git.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)
export SOURCE_DATE_EPOCH

# PDFs: auto = lay them out into site/pdf/ when WeasyPrint loads; 1 = required; 0 = none.
EDITION_PDF ?= auto

.PHONY: site test serve check setup system-deps markdown bench clean pdf

site: setup system-deps ## create the environment, install everything, build site/ (with site/pdf/; replaced only on success)
	EDITION_PDF=$(EDITION_PDF) $(PY) -m build_tools.publish.sitebuild

pdf: setup system-deps ## build site/ and its PDFs; fails if WeasyPrint cannot lay them out
	EDITION_PDF=1 $(PY) -m build_tools.publish.sitebuild

# The suite runs in a worker per core (pytest-xdist), a module's tests on one worker
# (its fixtures built once); TEST_JOBS=0 runs it in one process.
TEST_JOBS ?= auto

test: setup system-deps ## set up and run the whole test suite
	$(PY) -m pytest -n $(TEST_JOBS) --dist loadscope

serve: setup ## preview with live reload (raw texts and YAML are watched; only the pages an edit changes are rendered again)
	$(PY) -m mkdocs serve --dirty

check: setup ## validate all YAML and sources (errors fail); list the editorial to-dos (warnings; `python -m build_tools check --strict` fails on them)
	$(PY) -m build_tools check

markdown: setup ## write the generated Markdown to build/markdown
	$(PY) -m build_tools build

setup: $(VENV)/.installed node_modules/.installed

# npm packages (package-lock.json): the self-hosted fonts and axe-core (see README, "Fonts").
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || bash scripts/install-system-deps.sh
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

system-deps: ## chromium, poppler-utils and fonts (apt on Debian-like machines)
	bash scripts/install-system-deps.sh

clean:
	rm -rf site build .pytest_cache

bench: setup ## benchmarks: writes benchmarks/results.json and results.md
	$(PY) -m benchmarks.run
