# Developer entry points. On a fresh Debian machine: `apt-get install python3-venv make`,
# then `make run` or `make test`. The first run creates $(VENV) and installs the project.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ARGS ?=
# One test process per core (the suite's modules are independent: each worker has its own
# user folders and template databases); PYTEST_ARGS= (empty) runs in one process.
PYTEST_ARGS ?= -n auto --dist loadfile

# The downloadable app (issue 21): PyInstaller in a venv of its own, so the bundle holds
# only what the app needs; see packaging/README.md.
DIST_VENV ?= .venv-dist
DIST_BIN := $(DIST_VENV)/bin
VERSION = $(shell sed -n 's/^__version__ = "\(.*\)"/\1/p' icstracker/__init__.py)
PLATFORM = $(shell uname -s | tr A-Z a-z)-$(shell uname -m)

.PHONY: run cli test lint format clean dist smoke
.DEFAULT_GOAL := test

# Two stamps: what the app needs (make run, make cli), then the test and lint tools on top
# (make test, lint, format). A new pyproject.toml redoes both.
$(VENV)/.installed-app: pyproject.toml
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install -e .
	touch $@

$(VENV)/.installed: $(VENV)/.installed-app
	$(BIN)/pip install -e ".[test,postgres]"
	touch $@

run: $(VENV)/.installed-app
	$(BIN)/python -m icstracker $(ARGS)

# The command line without activating the venv: make cli ARGS="areas --level system"
cli: $(VENV)/.installed-app
	$(BIN)/icstracker $(ARGS)

# pytest exits 5 when it collects no tests; make treats that as a failure like any non-zero.
test: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(DIST_VENV)/.installed: pyproject.toml
	test -x $(DIST_BIN)/pip || $(PYTHON) -m venv $(DIST_VENV)
	$(DIST_BIN)/python -m pip install --quiet --upgrade pip
	$(DIST_BIN)/pip install --quiet ".[postgres,dist]"
	touch $@

# Builds dist/icstracker/ (both programs, Python, Qt, reference data, migrations), proves it
# opens with packaging/smoke.py from a clean folder, then packs it for download.
dist: $(DIST_VENV)/.installed
	rm -rf dist/icstracker
	$(DIST_BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/icstracker.spec
	$(PYTHON) packaging/smoke.py dist/icstracker
	tar -C dist -czf dist/icstracker-$(VERSION)-$(PLATFORM).tar.gz icstracker
	@echo "dist: dist/icstracker-$(VERSION)-$(PLATFORM).tar.gz" \
		"($$(du -m dist/icstracker-$(VERSION)-$(PLATFORM).tar.gz | cut -f1) MB packed)"

smoke:
	$(PYTHON) packaging/smoke.py dist/icstracker

clean:
	rm -rf $(VENV) $(DIST_VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache \
		dist build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
