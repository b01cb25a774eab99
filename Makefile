# Two entry points do everything on a fresh clone (see README): `make run` and `make test`.
PYTHON  ?= $(shell scripts/find-python)
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
EXPERIMENT ?= quickstart

.PHONY: run test lint format benchmark clean chromium

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: no Python >= 3.12 found (set PYTHON=...)"; exit 2; }
	"$(PYTHON)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# A strategy comparison on a preset, end to end: sweep, tables, plots, report.
run: $(STAMP)
	$(BIN)/scenarios-run -m experiment=$(EXPERIMENT)

# Debian's chromium renders the HTML report in the browser test.
chromium:
	scripts/install-chromium

test: $(STAMP) chromium
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest -n auto --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

benchmark: $(STAMP)
	$(BIN)/python benchmarks/week_speed.py
	$(BIN)/python benchmarks/engine_scaling.py
	$(BIN)/python benchmarks/sweep_scaling.py

clean:
	rm -rf $(VENV)
