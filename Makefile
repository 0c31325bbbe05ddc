# tripreport: `make report` builds output/ from seeds/; `make test` runs the tests.
# Both set up everything first: Debian packages, then a virtualenv in .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Apertium (Spanish→English), WeasyPrint's Pango, a font covering Spanish and ❤.
# python3-venv only where this Python cannot make a virtualenv by itself.
SYSTEM_PACKAGES := apertium apertium-eng-spa libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra \
	$(shell $(PYTHON) -c "import ensurepip" 2>/dev/null || echo python3-venv)
# Only the tests need a browser: Debian's Chromium, driven by Playwright.
TEST_SYSTEM_PACKAGES := chromium
STAMP := $(VENV)/.installed

.PHONY: report test bench setup system test-system clean

report: setup
	$(BIN)/tripreport build

test: setup test-system
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/run.py

setup: system $(STAMP)

system:
	@scripts/system-deps $(SYSTEM_PACKAGES)

test-system:
	@scripts/system-deps $(TEST_SYSTEM_PACKAGES)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip 'setuptools>=77'
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,bench]'
	@touch $@

clean:
	rm -rf $(VENV) .tripreport output/report.*
