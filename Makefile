# Every target bootstraps the virtual environment it needs: on a fresh machine `make demo` and `make test`
# are the only two commands.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# The interpreters the suite runs on (pyproject.toml's classifiers list exactly these: tests/contract/test_distribution.py).
# .venv, on the first, runs every check; `make test` also runs pytest on each other one this machine has, each in
# its own .venv-X.Y, and prints a SKIPPED line for one it lacks.
PYTHON_VERSIONS := 3.11 3.12 3.13
OTHER_PYTHON_VERSIONS := $(wordlist 2,$(words $(PYTHON_VERSIONS)),$(PYTHON_VERSIONS))

PYTHON ?= $(shell command -v python$(firstword $(PYTHON_VERSIONS)) || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
INSTALLED := $(VENV)/.installed
export PATH := $(BIN):$(PATH)

SPEC := openapi/cashfree-instruments.yaml
GENERATOR_CONFIG := generator-config.yaml
GENERATED_PACKAGE := cashfree_instruments_generated

TEMPLATES := templates

# $(1): the folder to write the generated package into. $(TEMPLATES) holds the templates that replace the
# generator's own (the operation descriptors, the models' readers).
define generate-into
	openapi-python-client generate --path $(SPEC) --config $(GENERATOR_CONFIG) --meta none \
		--custom-template-path $(TEMPLATES) --overwrite --output-path $(1)/$(GENERATED_PACKAGE) >/dev/null
endef

.PHONY: help
help:
	@echo "make demo      run the main job against the embedded fake Cashfree"
	@echo "make test      every check: spec, generated-code drift, ruff, mypy --strict, pytest; then pytest on"
	@echo "               Python $(OTHER_PYTHON_VERSIONS) where present (each in .venv-X.Y)"
	@echo "make generate  regenerate generated/ from $(SPEC)"
	@echo "make bench     this package vs Cashfree's official SDK vs raw httpx, on a loopback server;"
	@echo "               prints the tables and writes them to docs/benchmarks.md (about 4 minutes)"
	@echo "make api-diff  what changed for users since BASE=<git ref> (default: the last release that"
	@echo "               CHANGELOG.md's version table records);"
	@echo "               fails on a breaking change unless ALLOW_BREAKING=1"

# The dev environment: the package (editable) and the tools of requirements-dev.txt, at constraints.txt's pins;
# made anew when one of them changes, so that it holds exactly what they say (nothing a former pin left behind).
$(INSTALLED): pyproject.toml requirements-dev.txt constraints.txt
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -r requirements-dev.txt -e .
	touch $@

.PHONY: venv
venv: $(INSTALLED)

.PHONY: generate
generate: $(INSTALLED)
	rm -rf generated/$(GENERATED_PACKAGE)
	$(call generate-into,generated)
	@echo "generated/$(GENERATED_PACKAGE) written from $(SPEC)"

# What changed for users between BASE and the working tree: the spec's changes and both packages' public
# Python API, each breaking or not for a client. BASE's default (the last release in CHANGELOG.md) is the script's.
.PHONY: api-diff
api-diff: $(INSTALLED)
	python -m scripts.api_diff $(if $(BASE),--base '$(BASE)') $(if $(filter 1,$(ALLOW_BREAKING)),--allow-breaking)

.PHONY: check-spec
check-spec: $(INSTALLED)
	python -m openapi_spec_validator $(SPEC)

# The golden record: regenerate into a temporary folder and fail, naming the files, if generated/ differs.
.PHONY: check-generated
check-generated: $(INSTALLED)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(call generate-into,$$tmp); \
	if diff -rq -x __pycache__ generated/$(GENERATED_PACKAGE) "$$tmp/$(GENERATED_PACKAGE)"; then \
		echo "generated/ matches $(SPEC) and $(GENERATOR_CONFIG)"; \
	else \
		echo "generated/ has drifted from the spec or generator config (files above): run 'make generate'"; \
		exit 1; \
	fi

.PHONY: lint
lint: $(INSTALLED)
	ruff check .
	ruff format --check .

.PHONY: typecheck
typecheck: $(INSTALLED)
	mypy

.PHONY: pytest
pytest: $(INSTALLED)
	python -m pytest -q

# The shell command printing the interpreter of Python $(1) (X.Y): pyenv's newest X.Y.*, else a python$(1) on PATH
# that runs (pyenv's shims are on PATH for every version, but run only the selected ones); nothing if neither.
find-python = { prefix=$$(pyenv prefix $(1) 2>/dev/null) && echo "$$prefix/bin/python$(1)"; } \
	|| python$(1) -c 'import sys; print(sys.executable)' 2>/dev/null || true

# Every interpreter runs, even after one failed; the target fails at the end, naming those that did.
.PHONY: pytest-other-pythons
pytest-other-pythons:
	@failed=""; \
	for version in $(OTHER_PYTHON_VERSIONS); do \
		python=$$($(call find-python,$$version)); \
		if [ -z "$$python" ]; then \
			echo "SKIPPED: pytest on Python $$version: this machine has no python$$version (on PATH or in pyenv)"; \
			continue; \
		fi; \
		echo "pytest on Python $$version ($$python), in .venv-$$version"; \
		$(MAKE) --no-print-directory pytest PYTHON="$$python" VENV=".venv-$$version" || failed="$$failed $$version"; \
	done; \
	if [ -n "$$failed" ]; then echo "pytest failed on Python$$failed"; exit 1; fi

.PHONY: test
test: check-spec check-generated lint typecheck pytest pytest-other-pythons

.PHONY: demo
demo: $(INSTALLED)
	python examples/demo.py

# `make bench`'s own environment: the package and Cashfree's official SDK (requirements-bench.txt), at the dev
# environment's pins except urllib3, which the SDK caps below 2.1 (and which the dev environment keeps current).
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed: pyproject.toml requirements-bench.txt constraints.txt
	$(PYTHON) -m venv --clear $(BENCH_VENV)
	grep -v '^urllib3==' constraints.txt > $(BENCH_VENV)/constraints.txt
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		-c $(BENCH_VENV)/constraints.txt -r requirements-bench.txt -e .
	touch $@

# Not a test: times on a shared machine vary, so nothing fails on a missed target (tests/scripts/test_bench_smoke.py
# checks that the script runs). Only 127.0.0.1 is ever contacted.
.PHONY: bench
bench: $(BENCH_VENV)/.installed
	$(BENCH_VENV)/bin/python -m scripts.bench --write docs/benchmarks.md

# Pin every package the dev environment resolves to, for reproducible fresh machines.
.PHONY: lock
lock:
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -e .
	{ echo '# Every package of the dev environment, pinned: `make lock` rewrites this file.'; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt
	touch $(INSTALLED)

.PHONY: clean
clean:
	rm -rf $(VENV) $(VENV)-* .mypy_cache .pytest_cache .ruff_cache .hypothesis
