# The README's two commands: `make site` and `make test`. On a bare Debian or
# Ubuntu machine they install the system packages first (scripts/system-packages:
# as root, or with sudo; otherwise they print the command and stop).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SYSTEM_PACKAGES := scripts/system-packages

.PHONY: site test lint validate serve clean tools bench

site: system-build $(STAMP) system-check
	$(PY) -m generator build

test: system-test $(STAMP) system-check tools
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/ruff format --check generator tests benchmarks
	$(PY) -m pytest

validate: $(STAMP)
	$(PY) -m generator validate

serve: $(STAMP)
	$(PY) -m generator serve

$(STAMP): pyproject.toml requirements.lock | system-build
	@test -x $(PY) || { echo "$(PYTHON) -m venv $(VENV)"; $(PYTHON) -m venv $(VENV); } || { rm -rf $(VENV); \
	  echo "'$(PYTHON) -m venv' failed. On Debian or Ubuntu install the venv package of"; \
	  echo "that Python, e.g.: sudo apt-get install python3-venv (or run make as root)"; \
	  echo "or name another Python: make PYTHON=python3.11"; \
	  exit 1; }
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# System packages (one list, shared with .ci/run): what the build needs before
# .venv is made, and what the tests need too. Missing ones are installed as root
# or with `sudo -n`; otherwise the script prints the command and make stops.
.PHONY: system-build system-test system-check
system-build:
	@PYTHON='$(PYTHON)' bash $(SYSTEM_PACKAGES) install build
system-test: system-build
	@PYTHON='$(PYTHON)' bash $(SYSTEM_PACKAGES) install test

# The final check, wherever the libraries came from: WeasyPrint loads Pango and
# HarfBuzz-Subset 4.1+ (without it every PDF build warns, and warnings are fatal).
system-check: $(STAMP)
	@rc=0; $(PY) -W ignore -c "import weasyprint.text.ffi as f; raise SystemExit( \
	  0 if f.harfbuzz_subset and f.harfbuzz.hb_version_atleast(4, 1, 0) else 3)" 2>/dev/null || rc=$$?; \
	if [ $$rc = 3 ]; then \
	  echo "WeasyPrint cannot load HarfBuzz-Subset 4.1 or later. On Debian or Ubuntu install it with:"; \
	  echo "  sudo apt-get install libharfbuzz-subset0"; \
	  exit 1; \
	elif [ $$rc != 0 ]; then \
	  echo "WeasyPrint cannot load Pango. On Debian or Ubuntu install it with:"; \
	  echo "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; \
	  exit 1; \
	fi

# Test-only tools from the npm registry: the Nu Html Checker and axe-core.
tools: tests/tools/node_modules/.installed
tests/tools/node_modules/.installed: tests/tools/package.json tests/tools/package-lock.json | system-test
	cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

bench: $(STAMP)
	$(PY) benchmarks/validate.py
	$(PY) benchmarks/site.py
	$(PY) benchmarks/pdf.py

# PNGs of the site (home, a case study, a theme, working together; 1280 and 390
# wide) and of the PDF (cover, contents, a chapter opener, a case-study spread),
# from a fresh build, in screenshots/ (not committed): a change in look, seen in a minute.
.PHONY: screenshots
screenshots: site
	$(PY) scripts/screenshots.py --out screenshots

clean:
	rm -rf site .site-* $(VENV)
