# Quick start: `make demo` grades the bundled examples; `make test` runs the whole suite.
# Both create .venv and install the project (with TensorFlow) the first time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= demo-results
ASSIGNMENTS := $(notdir $(wildcard examples/[0-9]*))

.PHONY: setup demo test notebooks clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	@for a in $(ASSIGNMENTS); do \
	  echo "== $$a"; \
	  $(BIN)/autograder grade --assignment $$a --out $(OUT)/$$a examples/$$a || exit 1; \
	done
	@echo "Results: $(OUT)/<assignment>/<submission>/results.json and feedback.html, grades.csv, junit.xml, gradebook.sqlite"
	@echo "Class reports (open in a browser):"; for a in $(ASSIGNMENTS); do echo "  $(CURDIR)/$(OUT)/$$a/report.html"; done

test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

notebooks: setup
	$(BIN)/autograder build

clean:
	rm -rf $(OUT) .pytest_cache
