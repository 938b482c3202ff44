# The two commands of the README: `make serve` and `make test`. Each sets up what it needs.
PYTHON ?= python3
VENV := .venv
VENV10 := .venv-pyatlan10
PORT ?= 8765

.PHONY: serve test lint check-env clean

$(VENV)/.ready: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

# pyatlan 10.0.0 is the last release with client.workflow and the workflow packages.
$(VENV10)/.ready: pyproject.toml
	$(PYTHON) -m venv $(VENV10)
	$(VENV10)/bin/pip install -q --upgrade pip
	$(VENV10)/bin/pip install -q -e . 'pyatlan==10.0.0' pytest
	touch $@

serve: $(VENV)/.ready
	$(VENV)/bin/atlan-emulator serve --port $(PORT)

lint: $(VENV)/.ready
	$(VENV)/bin/ruff check emulator tests bench
	$(VENV)/bin/mypy emulator

test: $(VENV)/.ready $(VENV10)/.ready lint
	$(VENV)/bin/pytest -q -n 2 --ignore=tests/sdk10 tests
	$(VENV10)/bin/pytest -q tests/sdk10

clean:
	rm -rf $(VENV) $(VENV10)
