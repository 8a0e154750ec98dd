# Project commands. Each sets up the virtual environment first if needed.
#   make html       build the website       -> open _build/html/index.html
#   make pdf        build the PDFs          -> _build/pdf/nn-course-ru.pdf, nn-course-en.pdf
#   make test       run every check (unit tests, notebooks with nbval, book build)
#   make test-fast  unit tests only (seconds)
#   make notebooks  re-execute every notebook and store its outputs
#   make bench      benchmark nnlib's training speed
#   make bench-compare BASE=<git revision>
#                   nnlib's speed against that revision, and whether it trains bit-identically
#   make lab        the notebooks in JupyterLab, on your own copies in work/ (UI=ru: Russian interface;
#                   FRESH=01_perceptron: a new copy of that page, the old one kept in work/<lang>/old/)

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LAB_STAMP := $(VENV)/.lab-installed

.PHONY: setup html pdf test test-fast notebooks bench bench-compare lab lab-setup clean

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip uninstall --quiet --yes nnlib 2>/dev/null || true  # PyPI's unrelated "nnlib", or the old name
	touch $(STAMP)

html: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(PY) tools/build_site.py

pdf: $(STAMP)
	OPENBLAS_NUM_THREADS=1 $(PY) tools/build_pdf.py

test: $(STAMP)
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

notebooks: $(STAMP)
	$(PY) tools/run_notebooks.py

bench: $(STAMP)
	$(PY) benchmarks/bench_training.py

BASE ?= HEAD
bench-compare: $(STAMP)
	$(PY) benchmarks/compare_revisions.py --base $(BASE)

$(LAB_STAMP): $(STAMP) requirements-lab.txt
	$(PY) -m pip install --quiet -r requirements-lab.txt
	touch $(LAB_STAMP)

lab-setup: $(LAB_STAMP)

lab: $(LAB_STAMP)
	$(PY) tools/lab.py $(if $(UI),--ui $(UI)) $(if $(FRESH),--fresh $(FRESH))

clean:
	rm -rf _build
