# parsipas — two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
# Django 6.1 needs Python >= 3.12: take the first interpreter that is new enough.
PYTHON ?= $(shell for c in python3.13 python3.12 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/bin/python3 python3; do \
	if $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then echo $$c; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000

ASSETS := node_modules_static/chartjs/chart.umd.min.js

.PHONY: setup run test lint typecheck bench clean

$(BIN)/parsipas: requirements.txt requirements-dev.txt pyproject.toml
	@test -n "$(PYTHON)" || { echo "Cần Python >= 3.12 (Django 6.1). Không tìm thấy." >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(BIN)/parsipas

# Browser assets come from npm (package-lock.json) at install time and are served locally.
$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	test -f $(ASSETS)

setup: $(BIN)/parsipas $(ASSETS)
	mkdir -p var
	$(BIN)/parsipas migrate --noinput
	$(BIN)/parsipas units load-defaults
	$(BIN)/parsipas plan load-default
	$(BIN)/parsipas periods create --year 2026
	$(BIN)/parsipas par load-examples --year 2026
	$(BIN)/parsipas sipas load-default-instrument
	$(BIN)/parsipas demo_accounts
	$(BIN)/parsipas demo --seed 2026 --if-empty
	@# demo dossiers, once: their CSV in var/ marks that they are loaded
	test -f var/demo-dossiers.csv || { $(BIN)/parsipas dossiers generate --rows 20000 --year 2026 --seed 2026 -o var/demo-dossiers.tmp && \
		$(BIN)/parsipas dossiers import var/demo-dossiers.tmp && mv var/demo-dossiers.tmp var/demo-dossiers.csv; }
	$(BIN)/parsipas q766 demo --year 2026 --if-empty
	$(BIN)/parsipas registers refresh --year 2026

run: setup
	@$(BIN)/parsipas demo_accounts --print-only
	$(BIN)/parsipas runserver $(HOST):$(PORT)

test: $(BIN)/parsipas $(ASSETS)
	$(BIN)/pytest -n auto --dist worksteal -p no:cacheprovider --durations=15

lint: $(BIN)/parsipas
	$(BIN)/ruff check parsipas bench
	$(BIN)/ruff format --check parsipas bench
	$(BIN)/lint-imports
	$(BIN)/mypy parsipas

# Type checks alone (mypy + django-stubs, config in pyproject.toml); `make lint` runs them too.
typecheck: $(BIN)/parsipas
	$(BIN)/mypy parsipas

bench: $(BIN)/parsipas
	@echo "Benchmarks (run one at a time): $$(ls bench/*.py)"

clean:
	rm -rf $(VENV) var staticfiles node_modules node_modules_static
