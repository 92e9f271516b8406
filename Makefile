# smtools — every target creates .venv and installs the project on first use.
# Needs only python3 (3.11 or newer) and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format bench install notebooks clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "smtools needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Build the demo workspace and run the main job for every demo client.
demo: $(STAMP)
	$(BIN)/smtools demo

## Lint and run the whole test suite.
test: $(STAMP)
	$(BIN)/ruff check smtools tests benchmarks notebooks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check smtools tests benchmarks notebooks

format: $(STAMP)
	$(BIN)/ruff check --fix smtools tests benchmarks notebooks

## Regenerate notebooks/*.ipynb (outputs stripped) from their paired .py sources.
notebooks: $(STAMP)
	$(BIN)/python -m smtools.notebooks sync

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf $(VENV) reports/*/ reports/index.html workspace.duckdb .pytest_cache .ruff_cache
