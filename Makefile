# selfassess: `make run` to try it, `make test` to check it. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app selfassess
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

NODE_MODULES := node_modules/.package-lock.json
ASSETS := selfassess/static/vendor/govuk/app.min.css
CHROMIUM := $(shell command -v chromium || echo /usr/bin/chromium)

.PHONY: run dev test check fonts bench loadtest loadtest-cluster lint format typecheck db demo assets clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS): $(NODE_MODULES) scss/app.scss scripts/build_assets.sh
	scripts/build_assets.sh

assets: $(ASSETS)

$(CHROMIUM):
	scripts/install_chromium.sh

# Fonts for every script (CJK, Arabic, Hebrew, emoji) from Debian, for the PDF and charts.
FONTS := /usr/share/fonts/truetype/nanum/NanumGothic.ttf
$(FONTS):
	scripts/install_fonts.sh

fonts: $(FONTS)

db: $(INSTALLED)
	$(FLASK) init-db

demo: db
	$(FLASK) seed-demo

# The demo, served as in production: gunicorn with gunicorn.conf.py.
run: $(ASSETS) $(FONTS) demo
	@echo "Serving on http://$(HOST):$(PORT) (Ctrl-C to stop)"
	SELFASSESS_BASE_URL=http://$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT)

# Development: Flask's server with the reloader and debugger (never in production).
dev: $(ASSETS) demo
	SELFASSESS_BASE_URL=http://$(HOST):$(PORT) $(FLASK) run --debug --host $(HOST) --port $(PORT)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The whole suite runs twice: on SQLite, then on a throwaway PostgreSQL cluster that this
# target starts and stops (tests meant for one engine only are skipped on the other, saying why).
test: lint typecheck $(ASSETS) $(CHROMIUM) $(FONTS)
	bash -c 'source scripts/pg_up.sh && trap pg_down EXIT && \
	  SELFASSESS_TEST_ENGINE=sqlite $(BIN)/pytest $(PYTEST_ARGS) && \
	  SELFASSESS_TEST_ENGINE=postgresql $(BIN)/pytest $(PYTEST_ARGS)'

# The fast path: one test file (or folder, or node id) on SQLite, no lint and no second engine.
#   make check T=tests/web/test_assess.py
T ?= tests/domain
check: $(INSTALLED) $(ASSETS)
	SELFASSESS_TEST_ENGINE=sqlite $(BIN)/pytest -q $(T)

bench: $(INSTALLED) $(ASSETS)
	$(BIN)/python -m bench

# Load benchmark (not part of `make test`): gunicorn under Locust on SQLite, then on a
# throwaway PostgreSQL cluster; writes its figures into docs/performance.md.
LOCUST := $(VENV)/.load-installed
$(LOCUST): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e '.[load]'
	touch $@

loadtest: $(LOCUST) $(ASSETS)
	bash -c 'source scripts/pg_up.sh && trap pg_down EXIT && $(BIN)/python -m bench.load'

# Two gunicorn servers behind HAProxy (deploy/haproxy.cfg), one PostgreSQL, Redis; a short
# busy hour through the balancer with one server killed (SIGKILL) mid-run. See docs/deployment.md.
loadtest-cluster: $(LOCUST) $(ASSETS)
	scripts/install_cluster.sh
	bash -c 'source scripts/pg_up.sh && trap pg_down EXIT && $(BIN)/python -m bench.cluster'

clean:
	rm -rf $(VENV) node_modules selfassess/static/vendor .pytest_cache .mypy_cache .ruff_cache .hypothesis
