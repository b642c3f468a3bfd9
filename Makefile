# The kiosk's two set-up commands (see README.md):
#   make run    installs what running needs (the kiosk and its hub, not the development tools),
#               then starts the demo (a local hub and an enrolled kiosk)
#   make test   installs what is missing (with the dev extra), then runs lint, type checks and
#               the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
RUN_STAMP := $(VENV)/.installed-run-stamp
DEMO_HOME ?= $(CURDIR)/demo-home
LANGS := nl fr en ar tr pl uk
# --durations=20: every run lists its slowest tests (closing notes quote them).
PYTEST_ARGS ?= --durations=20

.PHONY: run test apt-run apt-test venv translations compile-translations hub-pot lint typecheck \
        pytest bench screenshots clean deb deb-hub

run: apt-run $(RUN_STAMP) compile-translations
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY$$QT_QPA_PLATFORM" ]; then \
	  $(PY) -m kiosk --home "$(DEMO_HOME)" demo; \
	else \
	  echo "No display found, so the kiosk has nowhere to show its window. Run one of:"; \
	  echo "  xvfb-run -a -s '-screen 0 1366x768x24' make run   (a virtual screen)"; \
	  echo "  QT_QPA_PLATFORM=offscreen make run               (no window at all; for checks)"; \
	  echo "or run 'make run' from a desktop session."; \
	  exit 1; \
	fi

test: apt-test $(STAMP) compile-translations lint typecheck pytest

apt-run:
	@scripts/apt-deps.sh run

apt-test:
	@scripts/apt-deps.sh test

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP) $(RUN_STAMP)

# What `make run` needs: the kiosk and the hub extra (the demo runs a local hub); no test tools.
$(RUN_STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[hub]"
	@touch $(RUN_STAMP)

venv: $(STAMP)

# Extract the message catalog template and update every language's catalog (developers).
translations: $(STAMP)
	$(VENV)/bin/pybabel extract --no-location --sort-by-file -k N_ -k ngettext:1,2 -k Np_:1,2 \
	  --project=kiosk --copyright-holder="The kiosk team" -o translations/kiosk.pot kiosk
	@for lang in $(LANGS); do \
	  if [ -f translations/$$lang/LC_MESSAGES/kiosk.po ]; then \
	    $(VENV)/bin/pybabel update --no-fuzzy-matching --omit-header -i translations/kiosk.pot -d translations -D kiosk -l $$lang; \
	  else \
	    $(VENV)/bin/pybabel init -i translations/kiosk.pot -d translations -D kiosk -l $$lang; \
	  fi; \
	done
	$(MAKE) compile-translations

# Compile the catalogs to .mo (done before every run and test; pybabel comes with babel):
# the kiosk's domain `kiosk` and the hub's domain `hub` (nl, fr, en; docs/hub-translations.md).
compile-translations: $(RUN_STAMP)
	@$(VENV)/bin/pybabel compile --statistics -d translations -D kiosk 2>&1 | grep -v "^$$" || true
	@$(VENV)/bin/pybabel compile --statistics -d translations -D hub 2>&1 | grep -v "^$$" || true

# The hub domain's template translations/hub.pot, extracted from the hub's code and templates
# (developers). The hub.po files are never updated from it by a tool: new messages are added by
# hand at the end of each, and tests/i18n/test_hub_catalogs.py says which are missing.
hub-pot: $(STAMP)
	$(VENV)/bin/pybabel extract -F translations/hub-babel.cfg --no-location --sort-by-file \
	  -k N_ -k Np_:1,2 -k n_:1,2 -k _ -k ngettext:1,2 --project=kiosk --copyright-holder="The kiosk team" \
	  -o translations/hub.pot kiosk

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk tests bench
	$(VENV)/bin/ruff format --check kiosk tests bench

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: $(STAMP) compile-translations
	QT_QPA_PLATFORM=offscreen $(PY) bench/startup.py

# Screenshots of the home screen for the README and docs/.
screenshots: $(STAMP) compile-translations
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py docs

# Debian packages in dist/ (installer/linux/, docs/deploy.md): the kiosk, and the hub.
deb: $(STAMP) compile-translations
	PIP=$(CURDIR)/$(VENV)/bin/pip installer/linux/build-deb.sh kiosk

deb-hub: $(STAMP) compile-translations
	PIP=$(CURDIR)/$(VENV)/bin/pip installer/linux/build-deb.sh kiosk-hub

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
