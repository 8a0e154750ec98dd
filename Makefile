# Project commands. Each sets up the virtual environment first if needed.
#   make html       build the website       -> open _build/html/index.html
#   make test       run every check (unit tests, notebooks with nbval, book build)
#   make test-fast  unit tests only (seconds)
#   make notebooks  re-execute every notebook and store its outputs
#   make bench      benchmark nnlib's training speed

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup html test test-fast notebooks bench clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

html: $(STAMP)
	rm -rf _build/html
	$(VENV)/bin/jupyter-book build . --warningiserror --nitpick --keep-going
	@echo "Open _build/html/index.html in a browser."

test: $(STAMP)
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

notebooks: $(STAMP)
	$(PY) tools/run_notebooks.py

bench: $(STAMP)
	$(PY) benchmarks/bench_training.py

clean:
	rm -rf _build
