# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# What the LibreOffice end-to-end tests need: the real client, poppler, and the open fonts
# with Calibri's and Courier New's metrics.
SYSTEM_PACKAGES := libreoffice-impress poppler-utils fonts-crosextra-carlito fonts-liberation2

.PHONY: demo test lint bench system-deps clean

# The package in a virtual environment, with the extras a target needs (stamp files).
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-%: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[$*]'
	touch $@

## demo: install, then export the bundled lessons/ into dist/
demo: $(VENV)/.installed
	$(BIN)/lesson-export build
	@echo "Decks written under dist/ (open them in PowerPoint, Keynote or LibreOffice)."

## test: install (system packages too, where we may), then lint, type-check and run every test
test: $(VENV)/.installed-test system-deps lint
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check exporter tests bench
	$(BIN)/ruff format --check exporter tests bench
	$(BIN)/mypy

## bench: time the seed lesson's export beside pandoc's, and the fit of a 400-slide deck (see bench/)
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/bench_pptx.py
	$(BIN)/python bench/bench_fit.py

# LibreOffice and poppler come from the system's packages. As root on Debian we install them;
# elsewhere the end-to-end tests skip and say why.
system-deps:
	@if command -v soffice >/dev/null && command -v pdftotext >/dev/null \
	    && fc-list | grep -q Carlito; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	        --no-install-recommends $(SYSTEM_PACKAGES); \
	else \
	    echo "note: install $(SYSTEM_PACKAGES) to run the LibreOffice tests; they will skip"; \
	fi

clean:
	rm -rf $(VENV) dist .pytest_cache .mypy_cache .ruff_cache *.egg-info
