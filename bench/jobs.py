"""Fairness between organizations and the queue's overhead (`make bench-jobs`; never a test).

One organization enqueues 5,000 no-op jobs in one transaction; right after, another
organization invites 20 people, one every 0.1 s, through the invitation service; a real
`celery worker --beat` (2 processes, the machine's Redis, db BENCH_REDIS_DB) runs both, and
the invitation mail goes to a local SMTP sink (aiosmtpd in this process). Measured per
invitation: from its commit to the mail's arrival; and the flood's completion. Twice, in the
same run: fairness on (JOBS_IN_FLIGHT_PER_ORGANIZATION=20, our default) and off (0: one queue,
first come first served). Then the overhead per job: a no-op job enqueued, published and run
by the worker, one at a time, against calling its body directly.

Writes bench/results/jobs.json; `make bench-charts` draws bench/results/jobs.png.
"""

import email
import email.policy
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
from aiosmtpd.controller import Controller

from bench.common import (
    django_on_scratch_database,
    free_port,
    migrate,
    result_write,
    scratch_database_name,
)

FLOOD = int(os.environ.get("BENCH_FLOOD_JOBS", "5000"))
INVITATIONS = 20
INVITATION_GAP_SECONDS = 0.1
SINGLE_JOBS = 50
CAP = 20
REDIS = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '8')}"
QUEUE = "jobs"  # the settings' default queue, in a Redis database of the benchmark's own
REPOSITORY = Path(__file__).resolve().parents[1]


class Sink:
    """aiosmtpd's handler: when each recipient's mail arrived."""

    def __init__(self):
        self.arrived: dict[str, float] = {}

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.arrived[str(message["To"])] = time.monotonic()
        return "250 accepted"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def queue_clear() -> None:
    """Our queue and kombu's bindings for it, in our own Redis database: never a flush."""
    keys = (QUEUE, f"_kombu.binding.{QUEUE}", f"_kombu.binding_permanent.{QUEUE}")
    redis.Redis.from_url(REDIS).delete(*keys)


def start_worker(cap: int) -> subprocess.Popen:
    environment = {
        **os.environ,
        "JOBS_IN_FLIGHT_PER_ORGANIZATION": str(cap),
        "JOBS_RELAY_SECONDS": "2",
        "CELERY_BEAT_SCHEDULE_FILENAME": str(Path(tempfile.mkdtemp()) / "beat"),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "core.jobs", "worker", "--beat",
        "--concurrency", "2", "--queues", QUEUE, "--include", "bench.job_tasks",
        "--without-mingle", "--without-gossip", "--loglevel", "WARNING",
        "-s", environment["CELERY_BEAT_SCHEDULE_FILENAME"],
    ]  # fmt: skip
    return subprocess.Popen(
        command, cwd=REPOSITORY, env=environment, stdout=subprocess.DEVNULL, stderr=sys.stderr
    )


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


def wait_until_finished(ids: list[int], timeout: float) -> float | None:
    """Seconds until every job in `ids` finished, from now; None after `timeout`."""
    from tenants.models import Job, JobState

    finished = (JobState.SUCCEEDED, JobState.FAILED, JobState.DROPPED)
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        left = Job.objects.filter(pk__in=ids).exclude(state__in=finished).count()
        if not left:
            return time.monotonic() - started
        time.sleep(0.2)
    return None


def scenario(name: str, cap: int, organizations, sink: Sink) -> dict:
    from django.conf import settings
    from django.db import transaction

    from bench.job_tasks import noop
    from tenant_apps.invitations.services import invitation_create
    from tenants.jobs import enqueue
    from tenants.models import Job

    flood_organization, mail_organization, inviter = organizations
    Job.objects.all().delete()
    queue_clear()
    settings.JOBS_IN_FLIGHT_PER_ORGANIZATION = cap  # this process publishes too
    worker = start_worker(cap)
    time.sleep(3)  # the worker connects and its beat starts
    try:
        started = time.monotonic()
        with flood_organization, transaction.atomic():
            flood = [enqueue(noop, number=number).pk for number in range(FLOOD)]
        enqueued_seconds = time.monotonic() - started  # the hooks after commit included
        committed: dict[str, float] = {}
        for number in range(INVITATIONS):
            address = f"{name}-{number}@invitees.example.test"
            committed[address] = time.monotonic()  # from the call: its commit comes later
            with mail_organization:
                invitation_create(
                    organization=mail_organization, actor=inviter, email=address, role="member"
                )
            time.sleep(INVITATION_GAP_SECONDS)
        flood_seconds = wait_until_finished(flood, timeout=900)
        flood_seconds = None if flood_seconds is None else time.monotonic() - started
        deadline = time.monotonic() + 60
        while len([a for a in committed if a in sink.arrived]) < INVITATIONS:
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        latencies = [
            sink.arrived[address] - at
            for address, at in committed.items()
            if address in sink.arrived
        ]
    finally:
        stop(worker)
    return {
        "cap": cap,
        "flood_jobs": FLOOD,
        "enqueue_seconds": round(enqueued_seconds, 2),
        "flood_completed_seconds": round(flood_seconds, 2) if flood_seconds else None,
        "invitation_mail_arrived": len(latencies),
        "invitation_mail_p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "invitation_mail_p95_s": round(percentile(latencies, 0.95), 3) if latencies else None,
        "invitation_mail_max_s": round(max(latencies), 3) if latencies else None,
    }


def overhead(organization) -> dict:
    """One no-op job at a time: enqueue (its own transaction), publish after commit, run by
    the worker, until its row says succeeded; against calling the body directly."""
    from django.db import transaction

    from bench.job_tasks import noop
    from tenants.jobs import enqueue
    from tenants.models import Job, JobState

    Job.objects.all().delete()
    queue_clear()
    worker = start_worker(CAP)
    time.sleep(3)
    try:
        through_queue = []
        for number in range(SINGLE_JOBS):
            started = time.perf_counter()
            with organization, transaction.atomic():
                job = enqueue(noop, number=number)
            while Job.objects.filter(pk=job.pk, state=JobState.SUCCEEDED).count() == 0:
                time.sleep(0.005)
            through_queue.append(time.perf_counter() - started)
    finally:
        stop(worker)
    direct = []
    for number in range(SINGLE_JOBS):
        started = time.perf_counter()
        noop.run(number=number)
        direct.append(time.perf_counter() - started)
    return {
        "jobs": SINGLE_JOBS,
        "through_queue_p50_ms": round(statistics.median(through_queue) * 1000, 2),
        "through_queue_p95_ms": round(percentile(through_queue, 0.95) * 1000, 2),
        "direct_call_p50_ms": round(statistics.median(direct) * 1000, 4),
    }


def prepare():
    from shared_apps.accounts.models import User
    from tenants.services.provisioning import organization_create

    migrate()
    flood_owner = User.objects.create_user(email="owner@flood.example.test", password=None)
    inviter = User.objects.create_user(email="owner@mail.example.test", password=None)
    flood = organization_create(name="Flood", slug="flood-org", owner_email=flood_owner.email)
    mail = organization_create(name="Quiet", slug="quiet-org", owner_email=inviter.email)
    return flood, mail, inviter


def main() -> int:
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    django_on_scratch_database(
        scratch_database_name("jobs"),
        TENANT_SPARE_SCHEMAS="0",
        CELERY_BROKER_URL=REDIS,
        CELERY_TASK_ALWAYS_EAGER="0",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
    )
    try:
        organizations = prepare()
        load = os.getloadavg()
        results = {
            "load_average_at_start": [round(value, 2) for value in load],
            "fair": scenario("fair", CAP, organizations, sink),
            "single_queue": scenario("plain", 0, organizations, sink),
            "overhead": overhead(organizations[0]),
        }
    finally:
        controller.stop()
        queue_clear()
    path = result_write("jobs.json", results)
    print(f"wrote {path}")
    for key in ("fair", "single_queue", "overhead"):
        print(key, results[key])
    return 0


if __name__ == "__main__":
    sys.exit(main())
