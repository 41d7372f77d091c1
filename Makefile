# coffeechat: `make run` serves the API on SQLite, `make test` runs the suite.
SHELL := /bin/bash
VENV := .venv
APP := app
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export FLASK_APP := service:create_app

# The newest Python >= 3.11 on the PATH (override: make PYTHON=/path/to/python3.12 ...).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && { echo $$p; break; }; done)

.PHONY: run test test-proxy test-app lighthouse fuzz check lint lint-spec app app-sdk format install spec migrate bench clean

# The suite starts dozens of Python processes (a test worker per core, gunicorn and its workers, the flask
# CLI): each imports the code compiled once into __pycache__ (git ignores it) instead of compiling it again.
unexport PYTHONDONTWRITEBYTECODE

# uv installs the dependencies (in seconds where pip takes a minute); pip, which every venv has, installs uv.
$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "coffeechat needs Python 3.11 or newer on the PATH (or make PYTHON=...)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check 'uv>=0.9,<1'

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[test]'
	touch $@

install: $(VENV)/.installed

## run: upgrade the database to the latest migration, then serve the API with gunicorn and run a worker
## of the task queue beside it (the Procfile, run by honcho); Ctrl-C stops both
run: install
	$(BIN)/flask db upgrade
	PATH="$(abspath $(BIN)):$$PATH" COFFEECHAT_BIND=$(HOST):$(PORT) $(BIN)/honcho start --procfile Procfile

## test: lint, then the whole suite on SQLite, and on PostgreSQL too when COFFEECHAT_TEST_DATABASE_URL is set,
## a test worker per core (TEST_WORKERS=0 runs it in this process); with nginx on the machine, the shipped
## proxy configuration in front of gunicorn too (tests/proxy; make test says when it leaves them out)
TEST_WORKERS ?= auto
## Then the app's unit tests, and its browser tests where Chromium is installed (make test-app runs both).
NGINX := $(shell command -v nginx 2>/dev/null || command -v /usr/sbin/nginx 2>/dev/null)
CHROMIUM := $(shell command -v chromium 2>/dev/null)
test: lint lint-spec $(APP)/node_modules/.installed
	@$(if $(NGINX),,echo "make test: tests/proxy left out, nginx is not installed (apt-get install nginx-light)")
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(if $(NGINX),,--ignore=tests/proxy) $(PYTEST_ARGS)
	cd $(APP) && npx --no-install vitest run
	@$(if $(CHROMIUM),cd $(APP) && npx --no-install playwright test,echo "make test: the app's browser tests left out, Chromium is not installed (apt-get install chromium)")

## test-proxy: only the shipped nginx configuration in front of gunicorn (needs nginx: apt-get install nginx-light)
test-proxy: $(VENV)/.installed-test
	$(BIN)/pytest -n $(TEST_WORKERS) tests/proxy $(PYTEST_ARGS)

## fuzz: schemathesis with 500 generated requests per operation instead of 25, on SQLite (and PostgreSQL
## when COFFEECHAT_TEST_DATABASE_URL is set): a deeper search for server errors, before a release
fuzz: $(VENV)/.installed-test
	SCHEMATHESIS_MAX_EXAMPLES=500 $(BIN)/pytest -n $(TEST_WORKERS) tests/web/test_schemathesis.py $(PYTEST_ARGS)

## check: before every commit, in seconds: lint, the domain rules, the floor plan, the OpenAPI document
## and the problem documents, on SQLite
CHECK_TESTS := tests/domain tests/web/test_architecture.py tests/web/test_openapi.py tests/web/test_problems.py
check: lint
	$(BIN)/pytest -n $(TEST_WORKERS) -k "not postgresql" $(CHECK_TESTS) $(PYTEST_ARGS)

## lint: ruff, and the import contracts of the floor plan (pyproject.toml, [tool.importlinter])
lint: $(VENV)/.installed-test
	$(BIN)/ruff check service tests migrations deploy bench
	$(BIN)/lint-imports --no-cache

## lint-spec: openapi.yaml as third parties lint it, Redocly CLI (recommended, strict) and Spectral
## (spectral:oas), with no warning; the npm tools are pinned by tests/clients/package-lock.json (Node.js 20.19+)
CLIENTS := tests/clients
$(CLIENTS)/node_modules/.installed: $(CLIENTS)/package.json $(CLIENTS)/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js 20.19 or newer (with npm) for the spec linters" >&2; exit 1; }
	cd $(CLIENTS) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint-spec: $(CLIENTS)/node_modules/.installed
	cd $(CLIENTS) && npx --no-install redocly lint ../../openapi.yaml
	cd $(CLIENTS) && npx --no-install spectral lint ../../openapi.yaml --fail-severity=warn

## app: the web app (app/): its SDK types generated from openapi.yaml (app-sdk), type-checked (strict), and
## built by Vite into service/webapp/dist; commit both (make run serves the build; make test fails when
## either differs from what the sources give); the npm packages are pinned by app/package-lock.json
$(APP)/node_modules/.installed: $(APP)/package.json $(APP)/package-lock.json
	@command -v npm >/dev/null || { echo "the app needs Node.js 20.19 or newer (with npm)" >&2; exit 1; }
	cd $(APP) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

app-sdk: $(APP)/node_modules/.installed
	cd $(APP) && npx --no-install openapi-typescript ../openapi.yaml --output src/api/schema.d.ts

app: app-sdk
	cd $(APP) && npx --no-install tsc --noEmit && npx --no-install vite build

## test-app: the app's unit tests (Vitest: the local store, sync, the outbox, the SDK wrapper), then its
## journeys end to end: Playwright driving Debian's Chromium (apt-get install chromium) against gunicorn on a
## new SQLite database, at a phone's size and a desktop's; screenshots in app/e2e/screenshots
test-app: $(APP)/node_modules/.installed $(VENV)/.installed
	cd $(APP) && npx --no-install vitest run
	cd $(APP) && npx --no-install playwright test

## lighthouse: Lighthouse (npm lighthouse, Debian's Chromium) on the Today screen of a logged-in person at
## mobile settings; prints the scores and fails under performance 90, accessibility 95, best practices 95
## (make test runs it with the other browser tests)
lighthouse: $(APP)/node_modules/.installed $(VENV)/.installed
	cd $(APP) && npx --no-install playwright test e2e/lighthouse.spec.ts --project phone

format: $(VENV)/.installed-test
	$(BIN)/ruff format service tests migrations deploy bench
	$(BIN)/ruff check --fix service tests migrations deploy bench

## spec: regenerate openapi.yaml from the code (commit the result)
spec: install
	$(BIN)/flask spec openapi.yaml

## migrate: autogenerate a migration after a model change: make migrate m="what changed"
migrate: install
	$(BIN)/flask db migrate -m "$(m)"

## bench: time a page of GET /api/v1/contacts beside a plain-SQL reference (BENCH_ARGS="--help");
## BENCH=workflow times the meetings, goals, bank, plan, readiness and stats reads;
## BENCH=calendars the calendar feed, one meeting's .ics and an invitation import;
## BENCH=mobile sync pages, POSTs with and without Idempotency-Key, a vCard import, the export
## BENCH=slow_clients gunicorn's gthread and sync workers: tail latency under load, /healthz beside slow clients
## BENCH=caldav_push a meeting PATCH with a linked calendar (a real Radicale) and a worker pushing beside it
## BENCH=webhooks 1,000 changes delivered as webhooks by a worker: delay from commit to delivery, worker memory
BENCH ?= list_contacts
bench: $(VENV)/.installed-test
	$(BIN)/python bench/$(BENCH).py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis *.egg-info
