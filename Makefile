# Two commands on a fresh machine:  `make run`  (set up, index the sample corpus, start the
# service with its demo page) and  `make test`  (set up with the test extras, Debian and npm
# packages, run lint, the dependency audit, the tests and the quality gate).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := tesseract-ocr tesseract-ocr-ces libreoffice-writer-nogui chromium dict-freedict-eng-ces fonts-dejavu-core postgresql
HOST ?= 127.0.0.1
PORT ?= 8000
SHARED ?= $(firstword $(wildcard ../shared /work/shared))

.PHONY: run setup setup-dev system-packages test unit audit bench widget

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock -c constraints.txt
	$(BIN)/pip install --quiet --no-deps -e .

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -r requirements-dev.lock -c constraints.txt
	$(BIN)/pip install --quiet --no-deps -e .
	npm ci --silent --no-audit --no-fund --prefix widget
	npm ci --silent --no-audit --no-fund --prefix tests/browser

system-packages:
	@missing=""; for p in $(APT_PACKAGES) $(EXTRA_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; fi; \
	fi

run: setup
	$(BIN)/assistant ingest samples/corpus
	$(BIN)/assistant ask "Kolik bude stát cyklostezka z Turnova do Přepeř?"
	$(BIN)/assistant serve --demo --host $(HOST) --port $(PORT)

widget: setup-dev
	npm run build --prefix widget

# The unit tests alone (each step on the tiny in-code corpus): seconds, for the edit-test loop.
unit: setup-dev
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest tests/unit

audit: setup-dev
	$(BIN)/python .ci/audit.py

test: system-packages setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python .ci/audit.py
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest --durations=15
	ASSISTANT_DATA_DIR=$$(mktemp -d) ASSISTANT_EMBEDDING_CACHE=.cache/embeddings.sqlite3 $(BIN)/assistant eval $(SHARED)/eval/dev.jsonl --corpus $(SHARED)/corpus --gate

bench: setup-dev
	$(MAKE) system-packages EXTRA_APT=wrk
	$(BIN)/pip install --quiet -c constraints.txt -e '.[bench]'
	$(BIN)/python bench/ingest_speed.py
	$(BIN)/python bench/latency.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/load.py
	HF_HUB_OFFLINE=1 $(BIN)/python bench/baseline.py
	$(BIN)/python bench/quality.py
	$(BIN)/python bench/council.py
