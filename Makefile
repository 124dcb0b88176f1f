# Developer entry points. On a fresh Debian machine: `apt-get install python3-venv make`,
# then `make run` or `make test`. The first run creates $(VENV) and installs the project.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ARGS ?=
# One test process per core (the suite's modules are independent: each worker has its own
# user folders and template databases); PYTEST_ARGS= (empty) runs in one process.
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run test lint format clean
.DEFAULT_GOAL := test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/pip || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install -e ".[test,postgres]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/python -m icstracker $(ARGS)

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

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache dist build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
