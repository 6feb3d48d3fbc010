# GoodBid: `make run` (demo on http://127.0.0.1:8000) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint messages

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The local demo runs with DEBUG on (pages served from the source tree, the demo users loaded);
# anything started otherwise gets the production settings.
run: export DJANGO_DEBUG = 1
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_standards
	$(BIN)/python manage.py load_demo
	$(BIN)/python -m procurement.serve --bind 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .

test: lint
	$(BIN)/python -m pytest

# Update the catalogues in locale/ from the code and templates, then compile them (needs
# GNU gettext: apt-get install gettext). Translate the new entries in locale/*/django.po,
# then run it again to compile.
messages: export DJANGO_DEBUG = 1
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --all --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv
