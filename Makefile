# The README's two commands: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: site test lint validate serve clean tools bench

site: $(STAMP) system-check
	$(PY) -m generator build

test: $(STAMP) system-check tools
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/ruff format --check generator tests benchmarks
	$(PY) -m pytest

validate: $(STAMP)
	$(PY) -m generator validate

serve: $(STAMP)
	$(PY) -m generator serve

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements.lock
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# WeasyPrint needs Pango from the system; say which package when it is missing.
.PHONY: system-check
system-check: $(STAMP)
	@$(PY) -c "import weasyprint" 2>/dev/null || { \
	  echo "WeasyPrint cannot load Pango. On Debian or Ubuntu install it with:"; \
	  echo "  sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"; \
	  exit 1; }

# Test-only tools from the npm registry: the Nu Html Checker and axe-core.
tools: tests/tools/node_modules/.installed
tests/tools/node_modules/.installed: tests/tools/package.json tests/tools/package-lock.json
	cd tests/tools && npm ci --ignore-scripts --no-audit --no-fund --silent
	touch $@

bench: $(STAMP)
	$(PY) benchmarks/validate.py
	$(PY) benchmarks/site.py
	$(PY) benchmarks/pdf.py

clean:
	rm -rf site .site-* $(VENV)
