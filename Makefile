# The README's two commands: `make run` and `make test`. Both start from a bare clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_DEBUG ?= true

.PHONY: run test lint bench screenshots lock messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Pinned: the versions CI passed with are the versions a newcomer gets.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py seed_kouvola --demo
	@# The task worker sends the mail (to the console here) beside the web server, and stops
	@# with it: Ctrl+C ends runserver, and the shell's trap ends the worker.
	@$(BIN)/python manage.py db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The suite spread over every core by pytest-xdist (docs/TESTING.md); PYTEST_WORKERS=0 runs it
# in one process, PYTEST_ARGS adds pytest's own arguments. Bytecode is written even where the
# environment says PYTHONDONTWRITEBYTECODE: pytest keeps the test modules it has rewritten for
# its assertions there (__pycache__, ignored by git), and without them each worker and each
# Django a test starts compiles everything again (collection 5 s instead of 2.3 s, per worker).
PYTEST_WORKERS ?= auto
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	DJANGO_DEBUG=false $(BIN)/python manage.py makemigrations --check --dry-run --settings=kouvola_alue.test_settings
	PYTHONDONTWRITEBYTECODE= DJANGO_DEBUG=false $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# docs/BUDGETS.md's budgets under gunicorn on PostgreSQL with the demo ×1 and ×100 (×1000 with
# BENCH_ARGS=--scales=1,100,1000), every cache off, fragments only and both side by side, and a
# write trickle; prints the tables, writes docs/BENCHMARKS.md, fails when a budget is broken.
# BENCH_PORT / BENCH_PG_PORT choose gunicorn's and the throwaway cluster's ports. Needs wrk
# (apt-get install wrk). ERASES the database DATABASE_URL names; without a PostgreSQL
# DATABASE_URL it starts a throwaway cluster (root and Debian's postgresql package needed).
# The bench is development tooling (devtools/), which production settings leave out:
# DJANGO_DEV_TOOLS=1 installs it beside production settings. (make run has it through
# DJANGO_DEBUG=true, make test through kouvola_alue/test_settings.py.)
BENCH_ENV = DJANGO_DEBUG=false DJANGO_DEV_TOOLS=1 DJANGO_SECRET_KEY=bench-only \
	DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
bench: $(VENV)/.installed-run
	$(BENCH_ENV) $(BIN)/python manage.py bench $(BENCH_ARGS)

# The README's pictures: the browser tests photograph the main pages on a desktop and a phone
# (tests/e2e/test_screenshots.py) into docs/screenshots. Needs Chromium, as the tests do.
screenshots: $(VENV)/.installed-test
	mkdir -p docs/screenshots
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots DJANGO_DEBUG=false $(BIN)/pytest -q -p no:cacheprovider \
		tests/e2e/test_screenshots.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

# Recompute the pins from pyproject.toml's ranges in a throwaway venv.
DEPS = $(PYTHON) -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["dependencies"] + (p["optional-dependencies"]["test"] if sys.argv[1:] else [])))'
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	$(DEPS) > .lock-venv/run.in && $(DEPS) test > .lock-venv/test.in
	.lock-venv/bin/pip install --quiet -r .lock-venv/run.in
	.lock-venv/bin/pip freeze > requirements.txt
	.lock-venv/bin/pip install --quiet -r .lock-venv/test.in
	(echo "-r requirements.txt"; .lock-venv/bin/pip freeze | grep -vxFf requirements.txt) \
		> requirements-test.txt
	rm -rf .lock-venv

# After changing UI strings: update the catalogues, translate, then compile.
messages: $(VENV)/.installed-test
	$(BIN)/python manage.py makemessages -l fi --ignore=.venv --ignore=tests --no-obsolete
	$(BIN)/python manage.py compilemessages -l fi --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
