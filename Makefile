# Two commands do everything on a fresh machine with Python 3.11: `make run` and `make test`.
# With DATABASE_URL unset they start the embedded development PostgreSQL (.data/postgres).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DEV := $(BIN)/python -m core.dev
PYTEST_ARGS ?=

.PHONY: install run serve release worker proxy-limits test test-citus test-pooled test-smoke lint format check-lines bench bench-migrate bench-provisioning bench-throughput bench-scale bench-backups bench-jobs bench-citus bench-charts load load-pooled mail-faults fuzz mutate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV) run

# Production, without the `dev` extra unless this checkout already has it. `serve` starts
# gunicorn with core.settings.production (needs SECRET_KEY, DATABASE_URL, TENANT_BASE_DOMAIN);
# `release` migrates and collects the static files, before new workers take traffic.
# An image runs the same commands without make: `python -m core.serve`, `manage.py release`.
RUNTIME := $(if $(wildcard $(VENV)/.installed),$(VENV)/.installed,$(VENV)/.installed-runtime)

$(VENV)/.installed-runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

serve: $(RUNTIME)
	$(BIN)/python -m core.serve

release: $(RUNTIME)
	env DJANGO_SETTINGS_MODULE=core.settings.production $(BIN)/python manage.py release

# The front proxy's per-organization limits (README "Behind a proxy"): each organization's
# rate, written into PROXY_LIMITS_DIR (which the proxy includes) and rewritten when it changes.
# The image runs the same: `python manage.py proxy_limits DIR --every 10`.
PROXY_LIMITS_DIR ?= .data/proxy-limits
proxy-limits: $(RUNTIME)
	mkdir -p $(PROXY_LIMITS_DIR)
	env DJANGO_SETTINGS_MODULE=core.settings.production $(BIN)/python manage.py proxy_limits \
		$(PROXY_LIMITS_DIR) --every 10

# Background jobs, with the production settings as `serve` (a broker in REDIS_URL or
# CELERY_BROKER_URL): Celery's worker, with beat for the relay (README "Background jobs").
# The image runs the same: `python -m celery -A core.jobs worker --beat`.
worker: $(RUNTIME)
	env DJANGO_SETTINGS_MODULE=core.settings.production $(BIN)/python -m celery -A core.jobs \
		worker --beat --loglevel INFO

test: install
	$(DEV) exec -- $(BIN)/python -m pytest --create-db --cov --cov-report=term-missing:skip-covered \
		--cov-fail-under=90 -m "not pgbouncer and not citus" $(PYTEST_ARGS)

# The whole suite on a local Citus cluster (a coordinator and two workers of the machine's
# PostgreSQL, data in .data/citus, ports CITUS_PORT and the next two; core/dev/citus.py), plus
# the tests of what only Citus does. Needs Citus installed: without it, says how to get it and
# fails. The cluster makes the test database on every node, so pytest reuses it.
test-citus: install
	$(BIN)/python -m core.dev.citus exec -- $(BIN)/python -m pytest --reuse-db \
		-m "not pgbouncer and not single_node" -p no:cacheprovider $(PYTEST_ARGS)

# The whole suite again, every connection through a real PgBouncer in transaction mode
# (Debian's pgbouncer package), plus the tests that drive PgBouncer themselves. Leaves out
# only the tests that need one server connection throughout: killing their own connection
# by pid, and a statement that must run outside a transaction (README: Connection pooling).
test-pooled: install
	@command -v pgbouncer >/dev/null || test -x /usr/sbin/pgbouncer || \
		{ echo "test-pooled needs PgBouncer: apt-get install pgbouncer"; exit 1; }
	$(DEV) exec -- env TENANTRY_TEST_POOLER=transaction $(BIN)/python -m pytest --create-db \
		-m "not direct_connection and not citus" -p no:cacheprovider $(PYTEST_ARGS)

# The fresh-machine path in a few seconds: the smoke-marked tests, no coverage gate.
test-smoke: install
	$(DEV) exec -- $(BIN)/python -m pytest --create-db -m smoke -p no:cacheprovider $(PYTEST_ARGS)

# ruff, then the import contract (pyproject.toml, [tool.importlinter]): layers import only downward.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-lines:
	@bad=$$(git ls-files '*.py' | grep -v '/migrations/' | xargs wc -l | awk '$$2 != "total" && $$1 > 500'); \
	if [ -n "$$bad" ]; then echo "Python files over 500 lines:"; echo "$$bad"; exit 1; fi; \
	echo "No Python file outside migrations passes 500 lines."

# Mutation testing of the code that keeps organizations apart (docs/mutation.md): mutmut with
# [tool.mutmut] in pyproject.toml, on a test database of its own (test_<name>_mutation), one
# mutant at a time (MUTATE_CHILDREN). Prints per module: mutants, killed, equivalent, survived.
MUTATE_CHILDREN ?= 1
mutate: install
	$(DEV) exec -- env TENANTRY_TEST_DATABASE_SUFFIX=mutation $(BIN)/mutmut run \
		--max-children $(MUTATE_CHILDREN)
	$(BIN)/python -m core.dev.mutation

# Benchmarks (never run as tests): ratios against baselines measured in the same run.
N ?= 200
bench: bench-provisioning bench-throughput bench-migrate bench-scale bench-backups bench-jobs bench-charts

# Schemathesis against both OpenAPI schemas on a live server (FUZZ_EXAMPLES per operation).
FUZZ_EXAMPLES ?= 100
fuzz: install
	$(DEV) exec -- env FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m apifuzz

# Load over many organizations, a noisy one, a flood, and every DB connection killed, behind
# the front proxy (deploy/nginx; Debian's nginx, LOAD_PROXY=0 without it); about 3 min.
load: install
	$(DEV) exec -- $(BIN)/python -m bench.load

# The same load with gunicorn behind PgBouncer in transaction mode (bench/results/load-pooled.json).
load-pooled: install
	$(DEV) exec -- env LOAD_POOLER=transaction $(BIN)/python -m bench.load

# Every mail flow against a live server with the mail server refusing, silent, then working.
mail-faults: install
	$(DEV) exec -- $(BIN)/python -m bench.mail_faults

# Citus beside one server, in one run (bench/citus.py): needs Citus installed, as test-citus.
bench-citus: install
	$(DEV) exec -- $(BIN)/python -m bench.citus

bench-charts: install
	$(BIN)/python -m pip install --quiet 'matplotlib>=3.8'
	$(BIN)/python -m bench.charts

# One organization's backup and restore at 10 and at ORGS organizations, by pg_dump and by the
# snapshot dump (bench/backups.py; the other schemas are template replays, so it is quick).
bench-backups: install
	$(DEV) exec -- env BENCH_ORGANIZATIONS=$(or $(ORGS),10000) $(BIN)/python -m bench.backups

bench-scale: install
	$(DEV) exec -- env BENCH_ORGANIZATIONS=$(or $(ORGS),2000) $(BIN)/python -m bench.scale

bench-throughput: install
	@command -v wrk >/dev/null || apt-get install -y -q wrk || echo "install wrk (Debian package)"
	$(DEV) exec -- $(BIN)/python -m bench.throughput

# Fairness between organizations and the queue's overhead: a real worker on the machine's
# Redis (database BENCH_REDIS_DB, default 8; only its `jobs` queue is touched).
bench-jobs: install
	$(DEV) exec -- $(BIN)/python -m bench.jobs

bench-provisioning: install
	$(DEV) exec -- $(BIN)/python -m bench.provisioning

bench-migrate: install
	$(DEV) exec -- $(BIN)/python -m bench.migrate --organizations $(N)

clean:
	rm -rf $(VENV) .data .pytest_cache .coverage htmlcov
