# smtools — every target creates .venv and installs the project on first use.
# Needs only python3 (3.11 or newer) and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Peers (other libraries we compare against) live in their own venv, never in .venv.
# benchmarks/bench_mmm.py looks for .venv-peers/bin/python itself: keep the name.
PEERS    := .venv-peers
PEERS_PY := $(PEERS)/bin/python
BENCHES  := $(sort $(wildcard benchmarks/bench_*.py))

.PHONY: demo test lint format bench bench-peers attribution-reference install notebooks \
	chromium clean

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
test: $(STAMP) chromium
	$(BIN)/ruff check smtools tests benchmarks notebooks
	$(BIN)/python -m pytest

## Chromium prints the PDFs and runs the browser test. Installed with apt-get when it is
## missing and we are root on a Debian-like system; otherwise (or if that fails) the
## browser test is skipped and PDFs are left out, each saying why.
chromium:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
		|| command -v google-chrome >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium with apt-get (PDFs and the browser test)"; \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends chromium; } >/dev/null 2>&1 \
			|| echo "could not install chromium: the browser test will be skipped"; \
	else \
		echo "no chromium on PATH: the browser test will be skipped (apt-get install chromium)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check smtools tests benchmarks notebooks

format: $(STAMP)
	$(BIN)/ruff check --fix smtools tests benchmarks notebooks

## Regenerate notebooks/*.ipynb (outputs stripped) from their paired .py sources.
notebooks: $(STAMP)
	$(BIN)/python -m smtools._notebooks sync

## Every benchmark (benchmarks/bench_*.py), smtools alone: no peers.
bench: $(STAMP)
	@set -e; for b in $(BENCHES); do echo "== $$b"; $(BIN)/python $$b; done

## The peers' venv, then each group of peers in it (one stamp per group, so a group added
## later is installed into an existing venv).
$(PEERS_PY):
	$(PYTHON) -m venv $(PEERS)
	printf '*\n' > $(PEERS)/.gitignore
	$(PEERS_PY) -m pip install --quiet --upgrade pip

# attribution: ChannelAttribution builds from source (needs g++) and imports matplotlib
$(PEERS)/.installed: | $(PEERS_PY)
	$(PEERS_PY) -m pip install --quiet channelattribution pandas matplotlib
	@touch $@

# marketing-mix models: PyMC-Marketing (0.19.x on Python 3.11), for bench_mmm.py --peers
$(PEERS)/.installed-mmm: $(PEERS)/.installed
	$(PEERS_PY) -m pip install --quiet pymc-marketing
	@touch $@

## Benchmarks against the peers (slow: PyMC-Marketing samples with NUTS).
bench-peers: $(STAMP) $(PEERS)/.installed $(PEERS)/.installed-mmm
	$(BIN)/python benchmarks/bench_attribution.py --peers --peers-python $(PEERS_PY)
	$(BIN)/python benchmarks/bench_mmm.py --peers

attribution-reference: $(PEERS)/.installed
	$(PEERS_PY) tests/data/attribution/make_reference.py

clean:
	rm -rf $(VENV) reports/*/ reports/index.html workspace.duckdb .pytest_cache .ruff_cache
