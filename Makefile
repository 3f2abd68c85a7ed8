# DUS-portalen: a few verbs. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# First Python >= 3.12 found: $PYTHON, python3.13, python3.12, pyenv's, then python3.
FIND_PYTHON := for p in "$$PYTHON" python3.13 python3.12 \
	/root/.pyenv/versions/3.13.0/bin/python3.13 /root/.pyenv/versions/3.12.1/bin/python3.12 python3; do \
	  [ -n "$$p" ] || continue; \
	  "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v "$$p"; exit 0; }; \
	done; exit 1

.PHONY: run test lint format migrations-check messages messages-check worker bench bench-load bench-mix bench-pages install vnu clean backup restore

$(STAMP): pyproject.toml
	@py=$$($(FIND_PYTHON)) || { echo "DUS-portalen needs Python >= 3.12. Install one, or point PYTHON=/path/to/python3.12 at it." >&2; exit 1; }; \
	  [ -x $(PY) ] || { echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# The Nu Html Checker for the valid-HTML test (tests/browser/test_valid_html.py), pinned,
# under var/tools/; it needs Java (apt-get install default-jre-headless) and npm.
VNU_VERSION := 26.9.27
vnu:
	npm install --prefix var/tools --no-save --no-audit --no-fund --ignore-scripts vnu-jar@$(VNU_VERSION)

# Embedded SQLite under var/, demo data on a new database, development server.
run: export DEBUG ?= true
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo --if-new
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# ruff, and import-linter's layers contract (pyproject.toml): dus <- missions <- portfolio <- dialogues.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(STAMP)
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

# Needs GNU gettext (apt-get install gettext). Source strings are English; `messages` adds the
# new ones to the Danish catalog (empty), lists those still without a translation, and compiles.
# Fill the listed ones in locale/da/LC_MESSAGES/django.po and run it again, until none are left
# (tests/dus/test_translations.py fails while any is).
messages: $(STAMP)
	DEBUG=true $(PY) manage.py makemessages -l da --no-obsolete --no-location --no-wrap --ignore=.venv --ignore=static/vendor --ignore=tests --ignore=bench --ignore=var
	@$(MAKE) --no-print-directory messages-check || true
	DEBUG=true $(PY) manage.py compilemessages --ignore=.venv

# The Danish catalog's strings without a translation, and the fuzzy ones (fails if any).
messages-check:
	@left=$$( (msgattrib --untranslated --no-wrap locale/da/LC_MESSAGES/django.po; msgattrib --only-fuzzy --no-wrap locale/da/LC_MESSAGES/django.po) | grep -A1 '^msgid "[^"]'); \
	  if [ -n "$$left" ]; then echo "Still to translate in locale/da/LC_MESSAGES/django.po:"; echo "$$left"; exit 1; \
	  else echo "Every string has its Danish translation."; fi

# A Celery worker and beat, as two processes (as in docker-compose.yml); Ctrl-C stops both.
worker: $(STAMP)
	@mkdir -p var
	trap 'kill 0' EXIT; \
	  $(VENV)/bin/celery -A dus beat --loglevel=info --schedule=var/celerybeat-schedule & \
	  $(VENV)/bin/celery -A dus worker --loglevel=info

bench: $(STAMP)
	$(PY) bench/run.py

# gunicorn + wrk against the dashboard (needs PostgreSQL; installs wrk with apt-get).
bench-load: $(STAMP)
	$(PY) bench/load.py

# 60 s of mixed traffic from five signed-in roles, 50 connections, gunicorn with 2 workers
# (needs PostgreSQL, and Redis for the cache; bench/README.md, "Mixed load").
bench-mix: $(STAMP)
	$(PY) bench/mix.py

# A time-stamped backup of the database under var/backups/: pg_dump -Fc for PostgreSQL (needs
# postgresql-client), SQLite's online backup for SQLite; both safe while the portal runs.
backup: $(STAMP)
	$(PY) manage.py backup

# make restore FILE=var/backups/dus-….dump [TARGET=database URL] [REPLACE=1]: into TARGET (a new
# PostgreSQL database is made), else the configured database; one with tables needs REPLACE=1.
restore: $(STAMP)
	@[ -n "$(FILE)" ] || { echo "Usage: make restore FILE=var/backups/dus-....dump [TARGET=postgres://.../dus_restored] [REPLACE=1]" >&2; exit 1; }
	$(PY) manage.py restore "$(FILE)" $(if $(TARGET),--target "$(TARGET)") $(if $(REPLACE),--replace)
bench-pages: $(STAMP)
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) var staticfiles
