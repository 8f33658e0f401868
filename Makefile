# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := wsgi
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test setup setup-dev translations lint check-content pytest extract-messages serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed translations
setup-dev: $(VENV)/.installed-dev translations

translations: $(VENV)/.installed
	@$(BIN)/pybabel compile --statistics -d academy/translations 2>&1 | sed 's/^/  /'

extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		-o academy/translations/messages.pot .
	$(BIN)/pybabel update -i academy/translations/messages.pot -d academy/translations --no-fuzzy-matching

run: setup
	ACADEMY_ENV=development $(BIN)/flask db upgrade
	ACADEMY_ENV=development $(BIN)/flask demo seed
	@ACADEMY_ENV=development $(BIN)/flask demo logins
	@echo "Serving on http://127.0.0.1:$(PORT) with the job worker (Ctrl+C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	ACADEMY_ENV=development PUBLIC_URL=$${PUBLIC_URL:-http://127.0.0.1:$(PORT)} $(BIN)/flask jobs worker --workers 2 & \
	ACADEMY_ENV=development PUBLIC_URL=$${PUBLIC_URL:-http://127.0.0.1:$(PORT)} $(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check academy tests bench config.py wsgi.py

check-content: setup
	ACADEMY_ENV=development $(BIN)/flask content check content

pytest: setup-dev
	@echo "== test suite on SQLite =="
	TEST_DATABASE_URL= $(BIN)/pytest -m "not postgres_only"
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== test suite on $${TEST_DATABASE_URL%%://*} =="; \
		$(BIN)/pytest -m "not browser"; \
	fi

test: lint check-content pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
