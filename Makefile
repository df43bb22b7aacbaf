# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# What WeasyPrint needs to write PDFs: Pango, and HarfBuzz's subsetter (without it WeasyPrint
# subsets fonts with fontTools, about three times slower).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# What the end-to-end tests need besides: the real client, poppler, and the open fonts with
# Calibri's, Cambria's, Arial's and Courier New's metrics (a template's Cambria titles are drawn
# in Caladea by LibreOffice only where it is installed).
# CJK and emoji fonts too: LibreOffice falls back on them for the stress lesson's international
# text, as it would on a teacher's machine. Chromium opens the index page in the browser test.
SYSTEM_PACKAGES := $(PDF_PACKAGES) libreoffice-impress poppler-utils fonts-crosextra-carlito \
	fonts-crosextra-caladea fonts-liberation2 fonts-droid-fallback fonts-noto-color-emoji chromium
# As root on Debian we install system packages; elsewhere we say what is missing.
APT_INSTALL = if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	        --no-install-recommends $(1); \
	else \
	    echo "note: install $(1) $(2)"; \
	fi

.PHONY: bench-scale demo test lint bench floor pdf-deps system-deps clean

# The package in a virtual environment, with the extras a target needs (stamp files).
# A fresh venv with $(1) (extras) in one install, its code compiled: a faster start where
# nothing writes the bytecode. uv installs: it resolves and downloads in parallel, a fresh
# install of the test extras in 3 s where pip takes 22 s (31 s beside a busy loop on each
# core). The venv is made without pip, and uv put into it by the pip of the Python that made it
# (`pip --python`, pip 22.3 and later): 3 s less than the venv's own pip set up first. Where that
# pip cannot (none, or older), the venv's own pip is set up and installs uv. INSTALLER=pip
# installs with the venv's own pip instead, and pip's configuration (a mirror set in pip.conf)
# with it; so does a machine where uv cannot be installed or cannot install. Python 3.11 and
# later bring pip 22.3 or later, which installs a pyproject.toml package editable.
INSTALLER ?= uv
define INSTALL
	if [ "$(INSTALLER)" = uv ] && { [ -x $(BIN)/uv ] \
	        || $(PYTHON) -m pip --python $(BIN)/python install --quiet 'uv>=0.4' 2>/dev/null \
	        || { $(BIN)/python -m ensurepip --default-pip >/dev/null \
	            && $(BIN)/pip install --quiet 'uv>=0.4'; }; } \
	    && $(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode $(1); then :; \
	else \
	    [ "$(INSTALLER)" = pip ] || echo "note: uv could not install; pip installs instead"; \
	    [ -x $(BIN)/pip ] || $(BIN)/python -m ensurepip --default-pip >/dev/null; \
	    $(BIN)/pip install --quiet $(1); \
	fi
endef

define MAKE_VENV
	$(PYTHON) -m venv --without-pip $(VENV)
	$(call INSTALL,-e '.$(1)')
	$(BIN)/python -m compileall -q exporter
endef

$(VENV)/.installed: pyproject.toml
	$(call MAKE_VENV,)
	touch $@

$(VENV)/.installed-%: $(VENV)/.installed
	$(call INSTALL,-e '.[$*]')
	touch $@

# The tests need the bench extra too (pandoc's reference document): the package and both
# extras in one install (on a fresh machine, half the time of three).
TEST_EXTRAS := [test,bench]
$(VENV)/.installed-test: pyproject.toml
	$(call MAKE_VENV,$(TEST_EXTRAS))
	touch $(VENV)/.installed $(VENV)/.installed-bench $@

## demo: install, then export the bundled lessons/ into dist/ (decks and handouts)
demo: $(VENV)/.installed pdf-deps
	$(BIN)/lesson-export build
	@echo "Decks and handouts written under dist/ (open the decks in PowerPoint, Keynote or LibreOffice)."

## test: install (system packages too, where we may), then run every test, with the lint and
## type check beside them (their report follows the tests')
# Three test workers a core: many tests wait on a subprocess (LibreOffice, an export's
# workers), and the cores stay busy while they do; on a machine busy with other work, the
# suite keeps more of its share of the cores (beside a busy loop on each of 2 cores, pytest
# took 223 to 242 s with 6 workers, median 237 s of 5 runs, and 223 to 254 s with 4, median
# 244 s of 7; alone, 171 s and 158 to 172 s). The bench extra brings pandoc, whose reference
# document is one of the test templates (tests/template_kit.py).
# The run writes bytecode even where PYTHONDONTWRITEBYTECODE is set: pytest then keeps the test
# modules it rewrote for their assertions (in tests/__pycache__, ignored by git), where every
# worker of every run would parse and compile them all again (2.5 s of CPU a process).
test: $(VENV)/.installed-test system-deps
	@$(MAKE) --no-print-directory lint > $(VENV)/lint.log 2>&1 & lint=$$!; \
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $$(( $$(nproc) * 3 )) --durations=10; \
	tests=$$?; wait $$lint; linted=$$?; cat $(VENV)/lint.log; \
	if [ $$linted != 0 ]; then echo "make test: the lint failed (above)" >&2; fi; \
	[ $$tests = 0 ] && [ $$linted = 0 ]

lint: $(VENV)/.installed-test
	$(BIN)/ruff check exporter tests bench
	$(BIN)/ruff format --check exporter tests bench
	$(BIN)/mypy

## bench: time the start, exports, handouts, a 400-slide fit, a 300-lesson course beside pandoc,
## each large shape of lesson at 1x, 10x and 100x, the memory of the longest lessons' PDFs, a
## school template beside our theme, and a 40-question quiz beside a 40-page lesson, and the
## index page's pictures beside pdftoppm (bench/)
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/bench_start.py
	$(BIN)/python bench/bench_pptx.py
	$(BIN)/python bench/bench_fit.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_sizes.py
	$(BIN)/python bench/bench_memory.py
	$(BIN)/python bench/bench_template.py
	$(BIN)/python bench/bench_quiz.py --editions
	$(BIN)/python bench/bench_index.py

## bench-scale: a 3,000-lesson course end to end: full build, no change, one change with the
## book and index, 4 shards and their merge, beside pandoc (about 15 minutes on 2 cores)
bench-scale: $(VENV)/.installed-bench
	$(BIN)/python bench/bench_scale.py

## floor: install every dependency at its lowest allowed version (a fresh venv) and export lessons/
floor: pdf-deps
	PYTHON=$(PYTHON) bash .ci/floor

pdf-deps:
	@if ldconfig -p | grep -q libpangoft2-1.0.so.0 \
	    && ldconfig -p | grep -q libharfbuzz-subset.so.0; then :; \
	else $(call APT_INSTALL,$(PDF_PACKAGES),to write PDFs (and write them fast)); fi

# LibreOffice, poppler and Chromium come from the system's packages; where we cannot install
# them, the end-to-end tests skip and say why.
system-deps: pdf-deps
	@if command -v soffice >/dev/null && command -v pdftotext >/dev/null \
	    && command -v pdffonts >/dev/null && fc-list | grep -q Carlito \
	    && fc-list | grep -q 'Droid Sans Fallback' && fc-list | grep -q 'Noto Color Emoji' \
	    && command -v chromium >/dev/null; then :; \
	else $(call APT_INSTALL,$(SYSTEM_PACKAGES),to run the LibreOffice and PDF tests; they will skip); fi

clean:
	rm -rf $(VENV) dist .pytest_cache .mypy_cache .ruff_cache *.egg-info
