# Every target bootstraps the virtual environment it needs: on a fresh machine `make demo` and `make test`
# are the only two commands.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
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
	@echo "make test      every check: spec, generated-code drift, ruff, mypy --strict, pytest"
	@echo "make generate  regenerate generated/ from $(SPEC)"
	@echo "make bench     this package vs Cashfree's official SDK vs raw httpx, on a loopback server;"
	@echo "               prints the tables and writes them to docs/benchmarks.md (about 4 minutes)"
	@echo "make api-diff  what changed for users since BASE=<git ref> (default: the last release that"
	@echo "               CHANGELOG.md's version table records);"
	@echo "               fails on a breaking change unless ALLOW_BREAKING=1"

$(INSTALLED): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
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
	PYTHONPATH=tests python -m tools.api_diff $(if $(BASE),--base '$(BASE)') $(if $(filter 1,$(ALLOW_BREAKING)),--allow-breaking)

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

.PHONY: test
test: check-spec check-generated lint typecheck pytest

.PHONY: demo
demo: $(INSTALLED)
	python -m cashfree_instruments demo

# Not a test: times on a shared machine vary, so nothing fails on a missed target (tests/test_bench_smoke.py
# checks that the script runs). Only 127.0.0.1 is ever contacted.
.PHONY: bench
bench: $(INSTALLED)
	PYTHONPATH=tests python -m bench --write docs/benchmarks.md

# Pin every package the dev environment resolves to, for reproducible fresh machines.
.PHONY: lock
lock:
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	{ echo '# Every package of the dev environment, pinned: `make lock` rewrites this file from pyproject.toml.'; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt
	touch $(INSTALLED)

.PHONY: clean
clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis
