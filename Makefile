# Every target sets up what it needs: a fresh clone runs `make run` or `make test` and nothing else.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8866

.PHONY: run lab chapters serve hub check test lint format typecheck pytest bench demo handout clean

$(READY): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# Both servers need a token: JUPYTER_TOKEN when set (a workshop shares one), else a fresh one. The link is
# printed here, never logged: the server's log masks every token (serve/README.md).
TOKEN_LINK = token=$${JUPYTER_TOKEN:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(32))')}; \
	export JUPYTER_TOKEN=$$token TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR=1; \
	echo "notnow dashboard (the link holds your access token): http://$(HOST):$(PORT)/?token=$$token"

run: $(READY)  ## the dashboard for one user, on this machine only (serve/run): open the link it prints
	@$(TOKEN_LINK); exec $(BIN)/voila notebooks/workbook.ipynb --Voila.config_file_paths=serve/run \
	  --Voila.ip=$(HOST) --port=$(PORT)

# `make lab` opens the chapters in the user's language: LC_ALL, else LANG (a C/POSIX locale says nothing);
# `make lab LANG=nl_NL.UTF-8` (or LANG=en) on the command line wins. Anything not Dutch gets English.
LAB_LOCALE := $(if $(filter command line,$(origin LANG)),$(LANG),$(or $(filter-out C C.% POSIX,$(LC_ALL)),$(LANG)))
LAB_LANG   := $(if $(filter nl nl_% nl-% nl.%,$(LAB_LOCALE)),nl,en)

lab: $(READY)  ## the chapters in JupyterLab, for self-coaching, in your language
	$(BIN)/jupyter lab notebooks/$(LAB_LANG)/00-start.ipynb

chapters: $(READY)  ## rewrite notebooks/{en,nl}/ from the texts in data/content/*/chapters.toml and method.toml
	$(BIN)/python -m notnow.chapters

# `make serve ROOM=12`: the pool is sized for the room (serve/README.md, "Run a workshop"). The link to hand out
# starts with NOTNOW_PUBLIC_URL when the room reaches the server through another address (a proxy, a LAN name).
ROOM ?= 30

serve: $(READY)  ## a workshop room (serve/workshop): ROOM=30 participants at once, each with only their own cases
	@token=$${JUPYTER_TOKEN:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(32))')}; \
	export JUPYTER_TOKEN=$$token TRAITLETS_APPLICATION_RAISE_CONFIG_FILE_ERROR=1 NOTNOW_ROOM='$(ROOM)'; \
	echo "notnow workshop for $(ROOM) participants; hand out this link (it holds the room's access token):"; \
	url=$${NOTNOW_PUBLIC_URL:-http://$(HOST):$(PORT)/}; echo "  $${url%/}/?token=$$token"; \
	host=$${NOTNOW_HOST_TOKEN:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(32))')}; \
	export NOTNOW_HOST_TOKEN=$$host; \
	echo "Your own link to the room's picture (for the host alone: never hand it out or project it):"; \
	echo "  $${url%/}/notnow/host?key=$$host"; \
	echo "The room can come once the log says: notnow: the pool is ready"; \
	exec $(BIN)/voila notebooks/workbook.ipynb --Voila.config_file_paths=serve/workshop \
	  --Voila.ip=$(HOST) --port=$(PORT)

HUB_PROXY := deploy/jupyterhub/node_modules/.installed

$(HUB_PROXY): deploy/jupyterhub/package-lock.json
	npm ci --prefix deploy/jupyterhub --no-audit --no-fund --loglevel=error
	touch $@

hub: $(READY) $(HUB_PROXY)  ## JupyterHub for a workshop, as root (deploy/README.md): everyone their own dashboard and store
	$(BIN)/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

demo: $(READY)
	$(BIN)/python -m notnow demo

lint: $(READY)  ## ruff's checks, and the code as ruff format writes it
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(READY)  ## rewrite the code as ruff format wants it
	$(BIN)/ruff format src tests bench

typecheck: $(READY)
	$(BIN)/mypy --strict src/notnow

# The fast gate, before every commit (under a minute on two cores): no servers, browsers, wheels or fuzzing.
check: lint typecheck
	NOTNOW_QUICK=1 $(BIN)/pytest -q -m "not slow and not browser" -n 2

# Everything, with a floor under the branch coverage of the logic and the widgets.
pytest: $(READY)
	$(BIN)/pytest --cov=notnow --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=90

test: lint typecheck pytest

bench: $(READY)  ## speed figures against a baseline measured in the same run (bench/README.md)
	$(BIN)/python bench/change_to_result.py
	$(BIN)/python bench/bounds.py
	$(BIN)/python bench/store.py
	$(BIN)/python bench/summary.py
	$(BIN)/python bench/ics_import.py
	$(BIN)/python bench/tti.py
	$(BIN)/python bench/tti.py --workshop

handout: $(READY)
	$(BIN)/python -m notnow.handout out/

clean:
	rm -rf $(VENV) dist build out .mypy_cache .ruff_cache .pytest_cache
