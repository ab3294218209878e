# Every target sets up what it needs: a fresh clone runs `make run` or `make test` and nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8866

.PHONY: run lab chapters serve hub test lint typecheck pytest bench demo handout clean

$(READY): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

run: $(READY)  ## the dashboard for one user, on this machine only (run from notebooks/: voila.json is for serve)
	@echo "notnow dashboard: http://$(HOST):$(PORT)/"
	cd notebooks && ../$(BIN)/voila workbook.ipynb --no-browser --Voila.ip=$(HOST) --port=$(PORT) \
	  --VoilaConfiguration.file_allowlist='[]' --VoilaConfiguration.http_header_envs=Accept-Language \
	  --VoilaConfiguration.preheat_kernel=True --Voila.tornado_settings=disable_check_xsrf=True

# `make lab` opens the chapters in the user's language: LC_ALL, else LANG (a C/POSIX locale says nothing);
# `make lab LANG=nl_NL.UTF-8` (or LANG=en) on the command line wins. Anything not Dutch gets English.
LAB_LOCALE := $(if $(filter command line,$(origin LANG)),$(LANG),$(or $(filter-out C C.% POSIX,$(LC_ALL)),$(LANG)))
LAB_LANG   := $(if $(filter nl nl_% nl-% nl.%,$(LAB_LOCALE)),nl,en)

lab: $(READY)  ## the chapters in JupyterLab, for self-coaching, in your language
	$(BIN)/jupyter lab notebooks/$(LAB_LANG)/00-start.ipynb

chapters: $(READY)  ## rewrite notebooks/{en,nl}/ from the texts in data/content/*/chapters.toml and method.toml
	$(BIN)/python -m notnow.chapters

serve: $(READY)  ## the hardened workshop set-up (voila.json): every participant sees only their own cases
	NOTNOW_WORKSHOP=1 $(BIN)/voila notebooks/workbook.ipynb --Voila.config_file_paths=$(CURDIR) \
	  --Voila.ip=$(HOST) --port=$(PORT)

HUB_PROXY := deploy/jupyterhub/node_modules/.installed

$(HUB_PROXY): deploy/jupyterhub/package-lock.json
	npm ci --prefix deploy/jupyterhub --no-audit --no-fund --loglevel=error
	touch $@

hub: $(READY) $(HUB_PROXY)  ## JupyterHub for a workshop, as root (deploy/README.md): everyone their own dashboard and store
	$(BIN)/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

demo: $(READY)
	$(BIN)/python -m notnow demo

lint: $(READY)
	$(BIN)/ruff check src tests bench

typecheck: $(READY)
	$(BIN)/mypy --strict src/notnow

pytest: $(READY)
	$(BIN)/pytest

test: lint typecheck pytest

bench: $(READY)
	$(BIN)/python bench/change_to_result.py
	$(BIN)/python bench/tti.py
	$(BIN)/python bench/store.py

handout: $(READY)
	$(BIN)/python -m notnow.handout out/

clean:
	rm -rf $(VENV) dist build out .mypy_cache .ruff_cache .pytest_cache
