# The two commands a fresh clone needs: `make book` then `make test`. `make help` lists all.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)

.DEFAULT_GOAL := help
.PHONY: help book test test-fast lab pdf release lint format check run clean bench lock chromium venv

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

# Installed with bytecode compiled: without it every kernel recompiles pandas and matplotlib
# (PYTHONDONTWRITEBYTECODE stops Python from caching what it compiles).
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@rm -f $(VENV)/.installed-*
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --no-deps -e .
	@touch $@

venv: $(STAMP)

book: $(STAMP) ## set up .venv if needed, validate data, execute every notebook, build _build/html
	$(BIN)/claimbook build

pdf: $(STAMP) chromium ## build the book, then the PDF edition _build/pdf/book.pdf
	$(BIN)/claimbook pdf

release: $(STAMP) ## the release files in _build/release: HTML tarball, sha256, manifest, PDF
	$(BIN)/claimbook release

test: $(STAMP) ## the whole test suite (unit, data, CLI, end-to-end book, Binder, browser)
	$(BIN)/python -m pytest -n auto --dist loadgroup

test-fast: $(STAMP) ## the fast tests only (no book build, no fresh environment)
	$(BIN)/python -m pytest -m "not slow" -n auto

lab: $(STAMP) ## open the notebooks in JupyterLab, in the project's environment
	$(BIN)/claimbook prepare
	$(BIN)/jupyter lab notebooks

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests notebooks tools
	$(BIN)/ruff format --check src tests notebooks tools

format: $(STAMP) ## ruff format and fix in place
	$(BIN)/ruff check --fix src tests notebooks tools
	$(BIN)/ruff format src tests notebooks tools

check: $(STAMP) ## validate the data package only
	$(BIN)/claimbook check

bench: $(STAMP) ## time naive papermill+jupyter-book vs clean, no-op, one-notebook builds
	$(BIN)/python tools/bench.py

clean: ## remove the build, the cache and hand runs' figures (keeps sources and figures/)
	rm -rf _build

lock: ## re-pin every dependency: requirements.lock and environment.yml
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --generate-hashes -q -o requirements.lock
	$(BIN)/python tools/environment.py > environment.yml

chromium: # the PDF edition is printed by Debian's Chromium: install it when missing (needs root)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the PDF edition"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "make pdf: the PDF is printed by Debian's chromium: sudo apt-get install chromium" >&2; \
	    exit 2; \
	  fi; }
