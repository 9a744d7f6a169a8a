# Two commands on a fresh machine:  `make run`  and  `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test store rebuild chromium postgresql bench clean nginx team-demo

$(BIN)/marsad: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

## run: set up, build the store from the bundled data if missing, start the dashboard on :8501
run: $(BIN)/marsad store
	$(BIN)/streamlit run dashboard/streamlit_app.py --server.port $(PORT) --server.address 127.0.0.1

store: $(BIN)/marsad
	@test -f "$${MARSAD_DB:-data/marsad.duckdb}" || $(BIN)/marsad etl rebuild

rebuild: $(BIN)/marsad
	$(BIN)/marsad etl rebuild

## test: set up (venv, test extras, Debian chromium + Arabic fonts, postgresql if missing) and run every test
test: $(BIN)/marsad chromium postgresql nginx
	$(BIN)/python -m pytest -q

chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi 'Noto.*Arabic'; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-core fonts-dejavu-core >/dev/null; \
	fi

# the review tests start a throwaway PostgreSQL server (initdb + pg_ctl) from Debian's package
postgresql:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; \
	fi

## bench: run the benchmark scripts; they write their figures into BENCHMARKS.md
bench: $(BIN)/marsad postgresql
	$(BIN)/python benchmarks/bench_load.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_dashboard.py
	$(BIN)/python benchmarks/bench_review.py
	$(BIN)/python benchmarks/bench_alerts.py

clean:
	rm -rf $(VENV) data/marsad.duckdb* tests/screenshots

# the team stack (tests/team, benchmarks/bench_team.py, make team-demo) puts Debian's nginx in front of the replicas
nginx:
	@if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx >/dev/null; \
	fi

## team-demo: PostgreSQL (throwaway cluster), two sign-in replicas and nginx on one machine; prints the URL and users
team-demo: $(BIN)/marsad postgresql nginx store
	$(BIN)/python deploy/team_demo.py
