# Folkevalgt — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
SUB ?= dev-admin
SCOPES ?=

.PHONY: run test test-fast lint up down token bench install

install: .venv/.installed

# Installs uv (with pip) when it is missing, then the whole workspace from uv.lock.
.venv/.installed: pyproject.toml uv.lock shared/pyproject.toml $(wildcard services/*/pyproject.toml) tools/devstack/pyproject.toml
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@if command -v uv >/dev/null 2>&1; then uv sync --frozen --quiet; else python3 -m uv sync --frozen --quiet; fi
	@touch $@

run: install
	@$(PY) -m folkevalgt_devstack run

test: install
	@$(PY) -m pytest -n auto --dist loadgroup -q

lint: install
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) -m mypy shared/src services/*/src/*/domain

token: install
	@$(PY) -m folkevalgt_devstack token --sub "$(SUB)" --scopes "$(SCOPES)"

# Through deploy/compose.sh, which says what is missing when Docker or its compose plugin is.
up:
	@sh deploy/compose.sh up --build

down:
	@sh deploy/compose.sh down

bench: install
	@rm -f bench/out/*.json
	@$(PY) bench/run.py
	@$(PY) bench/gateway_bench.py
	@$(PY) bench/meetings_bench.py
	@$(PY) bench/remuneration_bench.py
	@$(PY) bench/remuneration_payroll_bench.py
	@$(PY) bench/remuneration_batch_bench.py
	@$(PY) bench/feedback_bench.py
	@$(PY) bench/leave_bench.py
	@$(PY) bench/leave_statistics_bench.py
	@$(PY) bench/access_decision_bench.py
	@$(PY) bench/access_listing_bench.py
	@$(PY) bench/platform_request_cpu.py
	@$(PY) bench/platform_idempotency.py
	@$(PY) bench/report.py
