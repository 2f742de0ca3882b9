"""`make run` with a broker: what `python -m core.dev run` starts (the development server and
a job worker beside it) on a scratch database and the machine's Redis. An invitation made
through the API is mailed by the worker, through the queue: its mail is printed in the run's
output (the console mail backend) after the worker's line for the job, and the job's row
says it succeeded."""

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bench.common import free_port, scratch_database_create, scratch_database_name
from tenants.services.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
from tests.fixtures.deployment import REPOSITORY, Deployment, database_drop
from tests.fixtures.jobs import delete_queue

pytestmark = [pytest.mark.deploy, pytest.mark.worker]
# What `make run` runs (the Makefile's DEV, then `run`).
RUN = [sys.executable, "-m", "core.dev", "run"]


def wait_for(predicate, *, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"no {what} within {seconds} s; the run printed:\n{log.read_text()}")


@contextlib.contextmanager
def dev_run_started(broker_url: str, log: Path, **variables: str) -> Iterator[Deployment]:
    """`core.dev run` on a scratch database, its jobs on a queue of its own at `broker_url`."""
    database = scratch_database_name("devrun")
    queue = f"tests-devrun-{uuid.uuid4().hex[:8]}"
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "CELERY_BROKER_URL", "EMAIL_URL"}
    }
    environment.update(
        DATABASE_URL=scratch_database_create(database),
        REDIS_URL=broker_url,
        JOBS_QUEUE=queue,
        PORT=str(port),
        TENANT_SPARE_SCHEMAS="0",
        PYTHONUNBUFFERED="1",
        **variables,
    )
    with log.open("wb") as output:
        process = subprocess.Popen(
            RUN, env=environment, cwd=REPOSITORY, stdout=output, stderr=subprocess.STDOUT
        )
    run = Deployment(port, {"TENANT_BASE_DOMAIN": "localhost"}, log, database, process)
    try:
        wait_for(
            lambda: "Tenantry development server" in log.read_text() and _healthy(run),
            seconds=120,
            what="development server",
            log=log,
        )
        yield run
    finally:
        process.terminate()
        process.wait(timeout=30)
        with contextlib.suppress(redis.RedisError):
            delete_queue(broker_url, queue)
        database_drop(database)


@pytest.fixture
def dev_run(redis_broker, tmp_path):
    with dev_run_started(redis_broker, tmp_path / "run.log") as run:
        yield run


def _healthy(run: Deployment) -> bool:
    try:
        return run.request("GET", "/api/v1/health/").status == 200
    except OSError:
        return False


HOST = "acme.localhost"


def owner_token(run: Deployment) -> str:
    body = {"email": DEMO_OWNER_EMAIL, "password": DEMO_PASSWORD}
    return run.request("POST", "/api/v1/auth/token/", host=HOST, body=body).json()["token"]


def invite(run: Deployment, email: str, token: str | None = None):
    token = token or owner_token(run)
    body = {"email": email, "role": "member"}
    return run.request("POST", "/api/v1/invitations/", host=HOST, token=token, body=body)


def mailed(run: Deployment, email: str, *, seconds: float) -> str:
    """The run's output once it has printed the mail to `email` (console mail backend)."""
    wait_for(
        lambda: f"To: {email}" in run.log.read_text(), seconds=seconds, what="mail", log=run.log
    )
    return run.log.read_text()


def test_make_run_mails_an_invitation_through_the_queue(dev_run):
    invited = invite(dev_run, "queued.person@example.com")

    assert invited.status == 201, invited.body
    assert invited.json()["mail"] == {"status": "queued"}
    printed = mailed(dev_run, "queued.person@example.com", seconds=30)
    assert "No REDIS_URL" not in printed
    worker_line = printed.index("invitations.mail")  # the worker's log names the job
    assert worker_line < printed.index("To: queued.person@example.com")
    states = dev_run.sql("SELECT state FROM tenants_job WHERE task = 'invitations.mail'")
    assert states == [("succeeded",)], json.dumps(states)


def test_an_invitation_made_while_the_broker_is_down_is_mailed_once_it_is_back(own_redis, tmp_path):
    # The relay (in the worker's beat) looks for what was left every second.
    with dev_run_started(own_redis.url, tmp_path / "run.log", JOBS_RELAY_SECONDS="1") as run:
        token = owner_token(run)  # signing in counts in the cache, also Redis here
        own_redis.stop()
        started = time.monotonic()
        invited = invite(run, "while.down@example.com", token)
        answered_in = time.monotonic() - started
        time.sleep(2)  # the relay finds the broker down too
        assert "To: while.down@example.com" not in run.log.read_text()
        own_redis.start()

        mailed(run, "while.down@example.com", seconds=60)

        assert invited.status == 201, invited.body
        assert invited.json()["mail"] == {"status": "queued"}
        assert answered_in < 5
        states = run.sql("SELECT state, attempts FROM tenants_job WHERE task = 'invitations.mail'")
        assert states == [("succeeded", 1)], json.dumps(states)
