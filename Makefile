# Two commands on a fresh machine (see README):
#   make report   set up .venv, then run every notebook on data/sample -> reports/
#   make test     set up .venv, then run the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS ?= data/sample

.PHONY: setup report test bench lab clean

$(STAMP): pyproject.toml environment.yml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

report: $(STAMP)
	$(PY) -m kit report --corpus $(CORPUS)

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/bench_load.py
	$(PY) benchmarks/bench_exports.py
	$(PY) benchmarks/bench_annotate.py
	$(PY) benchmarks/bench_names.py

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

clean:
	rm -rf reports .cache
