# Two commands on a fresh machine (see README):
#   make report   set up .venv, then run every notebook on data/sample -> reports/
#   make test     set up .venv, then run the test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS ?= data/sample

.PHONY: setup browser report test bench lab clean

$(STAMP): pyproject.toml environment.yml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# The browser tests drive Chromium from the Debian packages (never a browser download).
# Installed here when missing and we are root; otherwise those tests skip and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	  { if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	      echo "installing chromium (Debian package) for the browser tests"; \
	      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	        echo "could not install chromium: the browser tests will be skipped"; \
	    else echo "chromium is missing and we are not root: the browser tests will be skipped"; fi; }

setup: $(STAMP)

report: $(STAMP)
	$(PY) -m kit report --corpus $(CORPUS)

test: $(STAMP) browser
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
