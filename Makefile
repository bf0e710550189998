# The two commands a fresh clone needs: `make book` then `make test`. `make help` lists all.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-12)

.DEFAULT_GOAL := help
.PHONY: help book test lint format check run clean bench lock chromium venv pdf release

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@rm -f $(VENV)/.installed-*
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

venv: $(STAMP)

book: $(STAMP) ## set up .venv if needed, validate data, execute every notebook, build _build/html
	$(BIN)/claimbook build

pdf: $(STAMP) chromium ## build the book, then the PDF edition _build/pdf/book.pdf
	$(BIN)/claimbook pdf

release: $(STAMP) ## the release files in _build/release: HTML tarball, sha256, manifest, PDF
	$(BIN)/claimbook release

test: $(STAMP) chromium ## run the whole test suite (unit, data, CLI, end-to-end book, browser)
	$(BIN)/python -m pytest

chromium: # the browser tests drive Debian's Chromium: install it when missing (needs root)
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "make test: the browser tests need Debian's chromium: sudo apt-get install chromium" >&2; \
	    exit 2; \
	  fi; }

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check src tests notebooks
	$(BIN)/ruff format --check src tests notebooks

format: $(STAMP) ## ruff format and fix in place
	$(BIN)/ruff check --fix src tests notebooks
	$(BIN)/ruff format src tests notebooks

check: $(STAMP) ## validate the data package only
	$(BIN)/claimbook check

bench: $(STAMP) ## time naive papermill+jupyter-book vs clean, no-op, one-notebook builds
	$(BIN)/python -m claimbook.bench

clean: ## remove the build and the cache (keeps sources and committed figures)
	rm -rf _build

lock: ## re-pin every dependency: requirements.lock and environment.yml
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
	  --python-platform x86_64-unknown-linux-gnu --generate-hashes -q -o requirements.lock
	$(BIN)/python -m claimbook.environment > environment.yml
