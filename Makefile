# TalentMatch — the two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install install-dev lint format migrations-check clean

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python >= 3.11 is required (found $$($(PYTHON) --version))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtualenv: on Debian/Ubuntu run 'sudo apt-get install python3-venv' first."; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Set up everything and serve the app with the skill catalogue and demo data on http://$(HOST):$(PORT)
## (DJANGO_DEBUG is off: the app refuses a missing secret key, so this machine gets one of its own in var/)
run: install
	@mkdir -p var && test -s var/local-secret-key || (umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > var/local-secret-key)
	export DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/local-secret-key)}" \
	&& $(PY) manage.py migrate --no-input \
	&& $(PY) manage.py load_skill_catalogue \
	&& $(PY) manage.py seed_demo --url http://$(HOST):$(PORT)/ \
	&& $(PY) manage.py runserver $(HOST):$(PORT)

## Install the test tools and run the whole suite
test: install-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

migrations-check: install-dev
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
