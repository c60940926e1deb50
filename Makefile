# Two commands do all set-up on a fresh machine:
#   make demo   creates .venv, installs pinned dependencies, ingests a real corpus and shows the result
#   make test   the same set-up, then the whole test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
SHARED := ../shared
SEEDS  := $(SHARED)/corpus/seeds
DEMO_ML_DB ?= demo-multilingual.db
DEMO_DB ?= demo.db

.PHONY: install browser postgres demo serve test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/python -m newsweave.embed_build  # the quantised embedding model, built once (5 s)
	touch $@

demo: install
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@if [ -d "$(SEEDS)" ]; then args="$(SEEDS)"; else args="examples/corpus --meta examples/meta.csv"; fi; \
	  echo "== newsweave ingest $$args"; \
	  $(BIN)/newsweave ingest $$args --db $(DEMO_DB); \
	  echo; echo "== newsweave articles"; \
	  $(BIN)/newsweave articles --db $(DEMO_DB); \
	  echo; echo "== newsweave entities --min-mentions 3"; \
	  $(BIN)/newsweave entities --db $(DEMO_DB) --min-mentions 3; \
	  echo; echo "== newsweave quotes --direct"; \
	  $(BIN)/newsweave quotes --db $(DEMO_DB) --direct; \
	  echo; echo "== newsweave duplicates"; \
	  $(BIN)/newsweave duplicates --db $(DEMO_DB); \
	  echo; echo "== newsweave stories"; \
	  $(BIN)/newsweave stories --db $(DEMO_DB); \
	  echo; echo "== newsweave storylines"; \
	  $(BIN)/newsweave storylines --db $(DEMO_DB); \
	  echo; echo "== newsweave claims L1 (facts across outlets; single-source ones left out here)"; \
	  for s in contradicted changed-over-time corroborated; do $(BIN)/newsweave claims L1 --status $$s --db $(DEMO_DB) 2>/dev/null; done; \
	  echo; echo "== newsweave timeline L1"; \
	  $(BIN)/newsweave timeline L1 --db $(DEMO_DB); \
	  echo; echo "== newsweave brief L1"; \
	  $(BIN)/newsweave brief L1 --db $(DEMO_DB); \
	  rm -f $(DEMO_ML_DB); \
	  echo; echo "== one report in six languages: newsweave ingest examples/multilingual.jsonl"; \
	  $(BIN)/newsweave ingest examples/multilingual.jsonl --db $(DEMO_ML_DB) --quiet; \
	  $(BIN)/newsweave stories --db $(DEMO_ML_DB); \
	  echo; echo "== newsweave compare 1 (the remark in six languages is one statement)"; \
	  $(BIN)/newsweave compare 1 --db $(DEMO_ML_DB); \
	  echo; echo "== the web app: run 'make serve' (or $(BIN)/newsweave serve --db $(DEMO_DB)), then open"; \
	  echo "   http://127.0.0.1:8000/"

# The web app over the demo store, on http://127.0.0.1:8000/ (Ctrl+C stops it).
serve: install
	$(BIN)/newsweave serve --db $(DEMO_DB)

# Debian's chromium for the browser tests (tests/test_web_browser.py drives it with Playwright; nothing is
# downloaded at test time). Installed with apt when missing; without it those tests are skipped, saying why.
browser:
	@[ -x /usr/lib/chromium/chromium ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq chromium >/dev/null; } || echo "chromium could not be installed: browser tests will skip"

# Debian's PostgreSQL server for the PostgreSQL store tests (tests/pgserver.py starts a throwaway one on
# 127.0.0.1 as the postgres user). Installed with apt when missing; without it those tests are skipped, saying why.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null; } \
	  || echo "postgresql could not be installed: the PostgreSQL tests will skip"

test: install browser postgres
	$(BIN)/python -m pytest

$(VENV)/.bench: $(VENV)/.installed requirements-bench.lock
	$(BIN)/pip install --quiet -r requirements-bench.lock
	touch $@

# The torch model the ONNX embedding is measured against, kept out of the main venv.
.venv-ref/.installed: requirements.lock requirements-reference.lock
	$(PYTHON) -m venv .venv-ref
	.venv-ref/bin/pip install --quiet --upgrade pip==26.3
	.venv-ref/bin/pip install --quiet -r requirements.lock -r requirements-reference.lock
	.venv-ref/bin/pip install --quiet --no-deps -e .
	touch $@

# Quality and speed figures (docs/benchmarks.md); the PolNeAR ones need ../shared/eval.
bench: $(VENV)/.bench .venv-ref/.installed
	.venv-ref/bin/python benchmarks/embedding.py
	$(BIN)/python benchmarks/scale.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/annotate.py
	$(BIN)/python benchmarks/memory.py
	$(BIN)/python benchmarks/quotes_polnear.py --split dev
	$(BIN)/python benchmarks/mentions.py
	$(BIN)/python benchmarks/stories.py --keep events.db --eval-store eval-stories.db
	$(BIN)/python benchmarks/calibrate_events.py --store eval-stories.db
	$(BIN)/python benchmarks/dates.py
	$(BIN)/python benchmarks/timelines.py --store t17.db
	$(BIN)/python benchmarks/brief.py --store events.db
	$(BIN)/python benchmarks/claims.py --store events.db --out claims-sample.md

clean:
	rm -rf $(VENV) .venv-ref $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
