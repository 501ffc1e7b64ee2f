# pocketbase Python SDK - every target runs from a fresh clone after `make install`.
PY ?= .venv/bin/python
VENV_PY ?= python3
PB_VERSIONS ?= 0.22.27 0.40.6
# pytest-xdist workers: the real-server tests spend most of their time waiting on servers
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install sync lint test check build demo bench conformance pocketbase-bins docs docs-serve clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

.venv/bin/python:
	$(VENV_PY) -m venv .venv

install: .venv/bin/python ## create .venv, install the package with dev deps, PocketBase binaries and the JS reference SDK
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) scripts/install_pocketbase.py $(PB_VERSIONS)
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error

sync: ## regenerate pocketbase/_sync and tests/_sync from the async sources
	$(PY) scripts/unasync.py

lint: ## ruff, mypy --strict (package, generated code, examples) and the unasync freshness check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) scripts/unasync.py --check

test: ## the whole test suite (unit, generated sync twins, real servers, JS SDK conformance), on $(TEST_WORKERS) workers
	$(PY) -m pytest -n $(TEST_WORKERS)

check: lint docs test ## everything CI runs

build: ## wheel and sdist in dist/ (the build hook regenerates _sync)
	rm -rf dist
	$(PY) -m build --outdir dist .

demo: ## start a throwaway PocketBase 0.40.6 and run the sync and async quickstarts and the typegen demo
	$(PY) examples/run_demo.py

bench: ## benchmarks against raw httpx (writes docs/benchmarks.md)
	$(PY) benchmarks/run.py

tests/js/node_modules/.package-lock.json: tests/js/package.json tests/js/package-lock.json
	npm ci --prefix tests/js --no-audit --no-fund --loglevel=error

conformance: tests/js/node_modules/.package-lock.json ## call-by-call comparison with the JS SDKs 0.7.4 and 0.28.1 (installs them)
	$(PY) -m tests.conformance.report

docs: ## build the documentation site into site/ (--strict: a broken link or anchor, a missing docstring fails)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

docs-serve: ## serve the documentation site with live reload on http://127.0.0.1:8000
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve

pocketbase-bins: ## install the PocketBase binaries used by the tests into .pocketbase/
	$(PY) scripts/install_pocketbase.py $(PB_VERSIONS)

clean: ## remove build and cache folders
	rm -rf dist build site .mypy_cache .ruff_cache .pytest_cache
