"""`make run` with a broker: what `python -m core.dev run` starts (the development server and
a job worker beside it) on a scratch database and the machine's Redis. An invitation made
through the API is mailed by the worker, through the queue: its mail is printed in the run's
output (the console mail backend) after the worker's line for the job, and the job's row
says it succeeded."""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

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


@pytest.fixture
def dev_run(redis_broker, tmp_path):
    """`core.dev run` on a scratch database, its jobs on a queue of its own."""
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
        REDIS_URL=redis_broker,
        JOBS_QUEUE=queue,
        PORT=str(port),
        TENANT_SPARE_SCHEMAS="0",
        PYTHONUNBUFFERED="1",
    )
    log = tmp_path / "run.log"
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
        delete_queue(redis_broker, queue)
        database_drop(database)


def _healthy(run: Deployment) -> bool:
    try:
        return run.request("GET", "/api/v1/health/").status == 200
    except OSError:
        return False


def test_make_run_mails_an_invitation_through_the_queue(dev_run):
    host = "acme.localhost"
    token = dev_run.request(
        "POST",
        "/api/v1/auth/token/",
        host=host,
        body={"email": DEMO_OWNER_EMAIL, "password": DEMO_PASSWORD},
    ).json()["token"]

    invited = dev_run.request(
        "POST",
        "/api/v1/invitations/",
        host=host,
        token=token,
        body={"email": "queued.person@example.com", "role": "member"},
    )

    assert invited.status == 201, invited.body
    assert invited.json()["mail"] == {"status": "queued"}
    output = dev_run.log.read_text
    wait_for(
        lambda: "To: queued.person@example.com" in output(),
        seconds=30,
        what="invitation mail",
        log=dev_run.log,
    )
    printed = output()
    assert "No REDIS_URL" not in printed
    worker_line = printed.index("invitations.mail")  # the worker's log names the job
    assert worker_line < printed.index("To: queued.person@example.com")
    states = dev_run.sql("SELECT state FROM tenants_job WHERE task = 'invitations.mail'")
    assert states == [("succeeded",)], json.dumps(states)
