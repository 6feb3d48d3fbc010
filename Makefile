# GoodBid: `make run` (demo on http://127.0.0.1:8000) and `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PORT ?= 8000

.PHONY: run demo-reset test install lint messages

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# The local demo runs with DEBUG on (pages served from the source tree, the demo users loaded);
# anything started otherwise gets the production settings.
# `make run PORT=8001` for another port; `make demo-reset` puts the demo back as it started.
run: export DJANGO_DEBUG = 1
run: $(STAMP)
	$(BIN)/python -m procurement.serve --bind 127.0.0.1:$(PORT) --check
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_standards
	$(BIN)/python manage.py load_demo --port $(PORT)
	$(BIN)/python -m procurement.serve --bind 127.0.0.1:$(PORT)

demo-reset: export DJANGO_DEBUG = 1
demo-reset: $(STAMP)
	$(BIN)/python -m procurement.serve --bind 127.0.0.1:$(PORT) --check
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py reset_demo
	$(MAKE) run PORT=$(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

test: lint
	$(BIN)/python -m pytest

# Update the catalogues in locale/ from the code and templates, then compile them (needs
# GNU gettext: apt-get install gettext). Translate the new entries in locale/*/django.po,
# then run it again to compile.
messages: export DJANGO_DEBUG = 1
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --all --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv
