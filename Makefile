# The two commands of the README: `make site` builds the sample site, `make test` runs every test.
# Both create .venv when missing and install the pinned dependencies first.
# The editors' targets leave out Material's English notice about MkDocs 2 (README: "For developers" covers it).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: site test serve lint bench mutate messages chromium axe clean

site: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: $(STAMP) chromium axe
	$(BIN)/ruff check .
	$(BIN)/pytest

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/serve.py

# Mutation testing, not part of `make test`: mutmut over the core modules one at a time (MODULES to choose, at most
# MUTATE_BUDGET seconds of mutmut each), each surviving mutant tried again in a fresh process; the kill rate per
# module goes to bench/RESULTS.md, survivors not listed in bench/equivalent-mutants.md are printed.
MODULES ?= vietnamese registry content schema listings people archive feeds search unitnames i18n
MUTATE_BUDGET ?= 3600
mutate: $(STAMP)
	$(BIN)/python bench/mutate.py --budget $(MUTATE_BUDGET) $(MODULES)

# The message template: every _(), ngettext() and N_() text of generator/, and the texts of the Click modules
# the command line speaks through (cli.CLICK_MODULES); then the Vietnamese catalog brought up to date with it,
# its translations kept (a changed text comes back fuzzy: translate it again and remove the flag).
POT := generator/locale/bulletins.pot
messages: $(STAMP)
	$(BIN)/pybabel extract --no-default-keywords -k _ -k ngettext:1,2 -k N_ --add-location=file \
		--project=bulletins --version=0.1.0 -o $(POT) generator \
		$$($(BIN)/python -c 'from generator.cli import CLICK_MODULES; print(*(m.__file__ for m in CLICK_MODULES))')
	$(BIN)/pybabel update --ignore-obsolete -D bulletins -l vi -d generator/locale -i $(POT)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $(STAMP)

# Browser tests drive Debian's chromium; install it when missing (as root), else say how.
chromium:
	@if [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "Chromium is missing: run 'sudo apt-get update && sudo apt-get install -y chromium', then 'make test' again."; \
		exit 1; \
	fi

# The accessibility tests inject axe-core into the pages (tests/test_accessibility.py): this version, from npm
# into .axe/ when missing or another; npm itself from Debian when missing (as root), else say how.
AXE_VERSION := 4.13.0
AXE_PACKAGE := .axe/node_modules/axe-core/package.json
axe:
	@if [ "$$(node -p 'require("./$(AXE_PACKAGE)").version' 2>/dev/null)" = $(AXE_VERSION) ]; then exit 0; fi; \
	if ! command -v npm >/dev/null; then \
		if [ "$$(id -u)" != 0 ]; then \
			echo "npm is missing: run 'sudo apt-get update && sudo apt-get install -y npm', then 'make test' again."; \
			exit 1; \
		fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	fi; \
	npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix .axe axe-core@$(AXE_VERSION)

clean:
	rm -rf site .pytest_cache test-artifacts
