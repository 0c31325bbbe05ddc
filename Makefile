# tripreport: `make report` builds output/ from seeds/; `make test` runs the tests.
# Both set up everything first: Debian packages, then a virtualenv in .venv.
# `make report` installs only what a build needs; test, lint and bench add their extras.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# Apertium (Spanish→English), WeasyPrint's Pango, a font covering Spanish and ❤,
# Hunspell with Spanish and English dictionaries (typos, cognates, QA), gettext (msgfmt checks the PO file),
# Apertium's compilers (lrx-comp, lt-comp, lt-append) for the glossary's word senses.
# python3-venv only where this Python cannot make a virtualenv by itself.
SYSTEM_PACKAGES := apertium apertium-eng-spa apertium-lex-tools-dev lttoolbox-dev \
	libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra \
	hunspell hunspell-es hunspell-en-us hunspell-en-gb gettext \
	$(shell $(PYTHON) -c "import ensurepip" 2>/dev/null || echo python3-venv)
# Only the tests need a browser: Debian's Chromium, driven by Playwright.
TEST_SYSTEM_PACKAGES := chromium
RUNTIME := $(VENV)/.runtime
DEVELOPMENT := $(VENV)/.development

.PHONY: report test test-fast lint bench setup dev system test-system clean

report: setup
	$(BIN)/tripreport build

test: dev test-system
	$(BIN)/pytest

# Between edits: the tests that start no tripreport process, build no report, open no browser
# and send no set of hundreds of sentences through the engine (about a minute; `make test` runs all).
test-fast: dev test-system
	$(BIN)/pytest -m "not slow"

lint: dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	@mkdir -p build/typecheck && ln -sfn ../../pipeline build/typecheck/tripreport
	$(BIN)/mypy

bench: dev
	$(BIN)/python bench/run.py

setup: system $(RUNTIME)

dev: setup $(DEVELOPMENT)

system:
	@scripts/system-deps $(SYSTEM_PACKAGES)

test-system:
	@scripts/system-deps $(TEST_SYSTEM_PACKAGES)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip 'setuptools>=77'

$(RUNTIME): pyproject.toml $(VENV)/bin/python
	$(PIP) -e .
	@touch $@

$(DEVELOPMENT): pyproject.toml $(RUNTIME)
	$(PIP) -e '.[test,bench,lint]'
	@touch $@

clean:
	rm -rf $(VENV) .tripreport output/report.* output/qa.json
