# The portal's commands. `make run` serves it for development; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# `make test` runs the suite on this many pytest-xdist workers; tests marked `serial` run while
# no other test does (tests/conftest.py). `--dist load` hands each worker its tests in the order
# of the collection, so each runs its browser tests after its other tests, as Playwright needs
# (tests/conftest.py); `worksteal` would not keep that order. The multi-host tests (marker
# `cluster`) share one cluster of network namespaces and time failures under load: they run
# after the others, in one process. With PYTEST_ARGS, one run does what they ask.
TEST_WORKERS ?= 2
CHROMIUM ?= /usr/bin/chromium
MESSAGES_IGNORE := --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests
export DJANGO_ALLOW_ASYNC_UNSAFE := true

.PHONY: run test lint format install install-dev browser-deps services bench clean messages cluster-deps cluster

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "error: the portal needs Python 3.11 (found $$($(PYTHON) --version 2>&1)); set PYTHON=…"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.base: requirements/base.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	@touch $@

$(VENV)/.dev: requirements/base.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt -r requirements/dev.txt
	@touch $@ $(VENV)/.base

install: $(VENV)/.base
install-dev: $(VENV)/.dev

# The interface's translations: locale/*/LC_MESSAGES/django.po compiled to .mo (not committed).
messages: $(VENV)/.base
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing gettext from Debian to compile the translations…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; \
	  else echo "error: msgfmt is missing; install gettext (Debian: apt-get install gettext)."; exit 1; fi; }
	$(BIN)/python manage.py compilemessages --verbosity 0 $(MESSAGES_IGNORE)

## run: set up and serve the portal with demo content on SQLite, eager tasks and file email.
run: $(VENV)/.base messages
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "Serving on http://127.0.0.1:$(PORT)/ (email is written to var/mail/)"
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; \
	  else echo "error: npm is needed to install axe-core for the accessibility audits; install Node.js and npm."; exit 1; fi; }
	npm ci --no-audit --no-fund --silent

browser-deps: node_modules/.package-lock.json
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium from Debian for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "error: Chromium is missing at $(CHROMIUM). Install it (Debian: apt-get install chromium) or set CHROMIUM=/path/to/chromium."; exit 1; fi; }

# The multi-host topology of scripts/cluster.py (docs/deployment.md): root, iproute2, PostgreSQL's
# server binaries, redis-server and HAProxy.
cluster-deps:
	@command -v haproxy >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing HAProxy from Debian for the cluster…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; \
	  else echo "error: HAProxy is missing (Debian: apt-get install haproxy)."; exit 1; fi; }

## cluster: start the multi-host topology in network namespaces until Ctrl-C (root only).
cluster: $(VENV)/.dev messages cluster-deps
	$(BIN)/python scripts/cluster.py up

services: $(VENV)/.dev
	@$(BIN)/python scripts/check_services.py

## test: set up and run the whole suite against PostgreSQL and Redis, browser tests included, on
## TEST_WORKERS pytest-xdist workers (TEST_WORKERS=0: in one process).
test: $(VENV)/.dev messages browser-deps services
ifeq ($(strip $(PYTEST_ARGS)),)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist load -m "not cluster"
	$(BIN)/pytest -m cluster
else
	$(BIN)/pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)
endif

## lint: ruff, formatting, the import contract, no model change without a migration, and complete translations.
lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/check_translations.py

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules var

## bench: measure the pages beside the floor of the stack (BENCH_QUICK=1 for a short run).
bench: $(VENV)/.dev services
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	  else echo "error: wrk is needed for the benchmark (Debian: apt-get install wrk)."; exit 1; fi; }
	$(BIN)/python bench/run.py
