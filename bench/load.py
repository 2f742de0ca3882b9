"""Load and fault test (`make load`): many organizations served at once by gunicorn on
loopback, for a bounded time, in a scratch database. Never run as a test.

Every organization has a member with a token and projects named after the organization (its
marker); each response is checked for any other organization's marker.

  baseline   each of ORGS organizations requests its projects list RATE times a second
  noisy      the same, plus one noisy organization at 10x RATE: the others' p95 is
             compared with the baseline's (goal: < 1.5x). Baseline and noisy alternate
             over ROUNDS rounds and the medians are compared: on two shared cores one
             15-second phase is at the mercy of whatever else runs.
  saturated  the same, plus the noisy organization sending as fast as SATURATING (64)
             connections allow, from a process of its own at nice FLOOD_NICE (19): a real
             flood's client runs on other machines, and on these two shared cores it would
             otherwise take the CPU from the server it measures (LOAD_FLOOD_NICE=0 keeps it
             level with the server).
             Fair share (README "Fair share") must keep the others' p95 within 1.5x of the
             baseline's and answer the noisy one 429 with Retry-After once past its share.
  fault      the baseline load; after 2 s every database connection of the app is killed
             (pg_terminate_backend): how long until every organization is answered again
             (goal: <= 10 s, without restarting the server), and what failed meanwhile

The clients reach gunicorn through the front proxy's config (deploy/nginx, in Debian's
nginx: core/dev/nginx.py), as in production: each organization's host held to its own plan's
rate (the file `manage.py proxy_limits` writes; LOAD_PROXY_LIMITS=0 for the ceiling only),
under a ceiling at the largest plan's rate, and each request stamped for the app's busy rule,
which gunicorn trusts as behind the compose stack's proxy. LOAD_PROXY=0 sends them straight
to gunicorn instead. With LOAD_POOLER=transaction (make load-pooled) gunicorn reaches PostgreSQL
through a real PgBouncer in transaction mode (core/dev/pgbouncer.py): the same phases, the
same checks.

Prints the figures and writes bench/results/load.json (load-pooled.json when pooled).
"""

import contextlib
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing import get_context
from multiprocessing.pool import Pool
from pathlib import Path

from bench.common import (
    bench_database,
    database_url,
    django_on_scratch_database,
    free_port,
    migrate,
    result_write,
    start_gunicorn,
)

GUNICORN_PORT = free_port()
ORGANIZATIONS = int(os.environ.get("LOAD_ORGANIZATIONS", "20"))
RATE = float(os.environ.get("LOAD_RATE", "3"))  # requests per second per organization
SECONDS = float(os.environ.get("LOAD_SECONDS", "15"))
ROUNDS = int(os.environ.get("LOAD_ROUNDS", "3"))
POOLER = os.environ.get("LOAD_POOLER", "")  # "transaction" or "session": through PgBouncer
PROXY = os.environ.get("LOAD_PROXY", "1") == "1"
# The proxy holds each organization to its own plan's rate (LOAD_PROXY_LIMITS=0: the
# ceiling only, as before `manage.py proxy_limits`).
PROXY_LIMITS = os.environ.get("LOAD_PROXY_LIMITS", "1") == "1"
KILL_AFTER = 2.0
# Named once: the name derives from DATABASE_URL, which points at this database once the
# benchmark has made it (asked again, it named a database that does not exist).
DATABASE = bench_database()
SATURATING = int(os.environ.get("LOAD_SATURATING_CONNECTIONS", "64"))
FLOOD_NICE = int(os.environ.get("LOAD_FLOOD_NICE", "19"))
# How fast the proxy sends a 429 (as docker-compose.yml; 0: at once).
REFUSAL_BYTES_PER_SECOND = int(os.environ.get("LOAD_PROXY_REFUSAL_RATE", "100"))
THREADS = 4  # per gunicorn worker; the workers are the production config's


@dataclass
class Tenant:
    slug: str
    token: str
    latencies: list[float] = field(default_factory=list)
    errors: list[tuple[float, int]] = field(default_factory=list)  # (when, status)
    successes: list[float] = field(default_factory=list)  # when
    leaks: int = 0
    refusals: int = 0  # 429s that said when to come back (Retry-After) and why (JSON code)


def prepare() -> list[Tenant]:
    django_on_scratch_database(DATABASE)
    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import access_token_issue
    from tenant_apps.projects.services import project_create
    from tenants.services.provisioning import organization_create

    migrate()
    tenants = []
    for index in range(ORGANIZATIONS + 1):  # the last one is the noisy organization
        slug = f"load-{index}"
        owner = User.objects.create_user(email=f"owner@{slug}.example.com", password=None)
        organization = organization_create(name=slug, slug=slug, owner_email=owner.email)
        with organization:
            for number in range(5):
                project_create(actor=owner, name=f"marker-{slug}-project-{number}")
        token, _ = access_token_issue(user=owner)
        tenants.append(Tenant(slug=slug, token=token))
    return tenants


def proxy_rate() -> int:
    """The proxy's per-Host rate: the largest plan's; a second's worth passes at once, two
    seconds' worth is held at most."""
    from django.conf import settings

    per_minute = max(plan["requests_per_minute"] for plan in settings.ORGANIZATION_PLANS.values())
    # LOAD_PROXY_RATE: another ceiling, to see what the proxy alone does at a plan's own rate.
    return int(os.environ.get("LOAD_PROXY_RATE", max(1, per_minute // 60)))


def serve(stack: contextlib.ExitStack) -> tuple[subprocess.Popen, int]:
    """gunicorn, and nginx in front unless LOAD_PROXY=0; returns gunicorn and the port the
    clients use."""
    from django.conf import settings

    environment = {"DJANGO_SETTINGS_MODULE": "core.settings.local"}
    if POOLER:
        from django.db import connection

        from core.dev.pgbouncer import running_pgbouncer

        database = connection.settings_dict
        port = stack.enter_context(running_pgbouncer(pool_mode=POOLER, database=database))
        environment["DATABASE_URL"] = (
            f"postgres://{database['USER']}@127.0.0.1:{port}/{database['NAME']}"
        )
    if PROXY:  # as the compose stack's web service, behind its proxy
        environment.update(
            TRUSTED_PROXY_COUNT="1", TRUSTED_PROXY_REQUEST_ID="1", TRUSTED_PROXY_REQUEST_START="1"
        )
    server = start_gunicorn(port=GUNICORN_PORT, threads=THREADS, **environment)
    if not PROXY:
        return server, GUNICORN_PORT
    from core.dev.nginx import running_nginx
    from tenants.services.proxy_limits import proxy_limits_write

    limits = None
    if PROXY_LIMITS:  # each organization's own rate, as `manage.py proxy_limits` writes it
        limits = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="limits-")))
        proxy_limits_write(limits)
    front = running_nginx(
        upstream=f"127.0.0.1:{GUNICORN_PORT}",
        limits_directory=limits,
        base_domain=settings.TENANT_BASE_DOMAIN,
        requests_per_second=proxy_rate(),
        burst=proxy_rate(),
        queue=2 * proxy_rate(),
        refusal_bytes_per_second=REFUSAL_BYTES_PER_SECOND,
    )
    return server, stack.enter_context(front).port


class _Client:
    """One keep-alive connection of one organization's member; a broken connection is
    replaced (its request counts as status 0)."""

    def __init__(self, tenant: Tenant, port: int):
        self.tenant, self.port = tenant, port
        self.headers = {
            "Host": f"{tenant.slug}.localhost",
            "Authorization": f"Bearer {tenant.token}",
        }
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def get(self, started: float) -> str:
        """The projects list once, recorded on the tenant; returns the body."""
        sent = time.monotonic()
        try:
            self.connection.request("GET", "/api/v1/projects/", headers=self.headers)
            response = self.connection.getresponse()
            body = response.read().decode()
            status, retry_after = response.status, response.getheader("Retry-After")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            body, status, retry_after = "", 0, None
        done = time.monotonic()
        if status == 200:
            self.tenant.latencies.append(done - sent)
            self.tenant.successes.append(done - started)
        elif _told_to_come_back(status, retry_after, body):  # past its plan's share
            self.tenant.refusals += 1
        else:
            self.tenant.errors.append((done - started, status))
        return body

    def close(self) -> None:
        self.connection.close()


def _told_to_come_back(status: int, retry_after: str | None, body: str) -> bool:
    """Fair share's refusal: 429, with when to come back and why."""
    return status == 429 and bool(retry_after) and '"code":"organization_' in body.replace(" ", "")


def drive(
    tenant: Tenant, rate: float, started: float, stop: float, markers: set[str], port: int
) -> None:
    """Send the tenant's requests at `rate` per second until `stop`, one at a time."""
    client = _Client(tenant, port)
    own = f"marker-{tenant.slug}-"
    # A random phase, so that the organizations do not all fire in the same instant.
    next_at = time.monotonic() + random.uniform(0, 1 / rate)  # noqa: S311 - not a secret
    while next_at < stop:
        time.sleep(max(0.0, next_at - time.monotonic()))
        body = client.get(started)
        tenant.leaks += sum(marker in body for marker in markers if marker != own)
        next_at += 1 / rate
    client.close()


def flood(tenant: Tenant, started: float, stop: float, port: int) -> None:
    """Requests back to back on one connection until `stop` (one of SATURATING)."""
    client = _Client(tenant, port)
    while time.monotonic() < stop:
        client.get(started)
    client.close()


@contextlib.contextmanager
def flood_process() -> Iterator[Pool]:
    """The process the flood's connections run from (`flood_from_own_process`), started once
    before any phase at nice FLOOD_NICE, with its imports done: a process started with the
    flood would spend the phase's first second starting Python on the CPU the server is
    measured on, which a real flood's client, on other machines, never takes."""
    pool = get_context("spawn").Pool(1, initializer=os.nice, initargs=(FLOOD_NICE,))
    try:
        # Answered once started: a spawned process imports the main module (this one, as
        # `make load` runs it) before it takes any task.
        pool.apply(os.getpid)
        yield pool
    finally:
        pool.terminate()
        pool.join()


def flood_from_own_process(tenant: Tenant, started: float, stop: float, port: int) -> Tenant:
    """SATURATING connections flooding the server on `port` until `stop`, run in
    `flood_process` (the monotonic clock is the machine's; the port is the parent's, not the
    one this process's import picked); returns the tenant with what they recorded. In the
    drivers' process, 64 busy threads could hold its interpreter lock against the quiet
    organizations' clients, whose latencies would then measure the load generator too. A
    real flood comes from other machines."""
    threads = [
        threading.Thread(target=flood, args=(tenant, started, stop, port))
        for _ in range(SATURATING)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tenant


def phase(
    tenants: list[Tenant],
    rates: dict[str, float],
    port: int,
    *,
    fault: bool = False,
    flooding: str | None = None,
    flooder_process: Pool | None = None,
) -> tuple[float, int]:
    markers = {f"marker-{tenant.slug}-" for tenant in tenants}
    started = time.monotonic()
    stop = started + SECONDS
    threads = [
        threading.Thread(
            target=drive, args=(tenant, rates[tenant.slug], started, stop, markers, port)
        )
        for tenant in tenants
        if rates.get(tenant.slug)
    ]
    flooder = next((tenant for tenant in tenants if tenant.slug == flooding), None)
    flooded = flooder and flooder_process.apply_async(
        flood_from_own_process, (flooder, started, stop, port)
    )
    for thread in threads:
        thread.start()
    killed_at, killed = 0.0, 0
    if fault:
        time.sleep(KILL_AFTER)
        killed_at = time.monotonic() - started
        killed = kill_every_app_connection()
    for thread in threads:
        thread.join()
    if flooded:
        # A flood process that died never answers: fail, instead of waiting for ever.
        recorded = flooded.get(timeout=SECONDS + 60)
        flooder.latencies, flooder.errors = recorded.latencies, recorded.errors
        flooder.refusals = recorded.refusals
    return killed_at, killed


def kill_every_app_connection() -> int:
    import psycopg

    with psycopg.connect(database_url(DATABASE), autocommit=True) as admin:
        (killed,) = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchone()
    return killed


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else values[0]


def fresh(tenants: list[Tenant]) -> list[Tenant]:
    return [Tenant(slug=tenant.slug, token=tenant.token) for tenant in tenants]


def main() -> int:
    from django.conf import settings

    from core import gunicorn as gunicorn_config

    prepared = prepare()
    quiet_slugs = [tenant.slug for tenant in prepared[:-1]]
    noisy_slug = prepared[-1].slug
    stack = contextlib.ExitStack()
    server, port = serve(stack)
    started = time.monotonic()
    try:
        flooder_process = stack.enter_context(flood_process())
        warm = fresh(prepared)
        phase(warm, dict.fromkeys(quiet_slugs, RATE), port)  # connections, caches
        baselines, noisies, saturations = [], [], []
        for _round in range(ROUNDS):
            baselines.append(fresh(prepared))
            phase(baselines[-1], dict.fromkeys(quiet_slugs, RATE), port)
            noisies.append(fresh(prepared))
            noisy_rates = {**dict.fromkeys(quiet_slugs, RATE), noisy_slug: RATE * 10}
            phase(noisies[-1], noisy_rates, port)
            saturations.append(fresh(prepared))
            phase(
                saturations[-1],
                dict.fromkeys(quiet_slugs, RATE),
                port,
                flooding=noisy_slug,
                flooder_process=flooder_process,
            )
        faulted = fresh(prepared)
        killed_at, killed = phase(faulted, dict.fromkeys(quiet_slugs, RATE), port, fault=True)
    finally:
        server.terminate()
        server.wait()
        stack.close()
    elapsed = time.monotonic() - started

    def quiet(run: list[Tenant]) -> list[float]:
        return [value for tenant in run if tenant.slug != noisy_slug for value in tenant.latencies]

    def recovered_after(tenant: Tenant) -> float:
        later = [when for when in tenant.successes if when > killed_at]
        return (later[0] - killed_at) if later else float("inf")

    recovery = max(recovered_after(tenant) for tenant in faulted if tenant.slug != noisy_slug)
    baseline = [tenant for run in baselines for tenant in run]
    noisy = [tenant for run in noisies for tenant in run]
    saturated = [tenant for run in saturations for tenant in run]
    runs = {"baseline": baseline, "noisy": noisy, "saturated": saturated, "fault": faulted}
    baseline_p95 = statistics.median(p95(quiet(run)) for run in baselines)
    noisy_p95 = statistics.median(p95(quiet(run)) for run in noisies)
    saturated_p95 = statistics.median(p95(quiet(run)) for run in saturations)
    flooders = [tenant for run in saturations for tenant in run if tenant.slug == noisy_slug]
    result = {
        "benchmark": "load over many organizations, a noisy one, and killed DB connections",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
        "gunicorn": f"{gunicorn_config.workers} workers x {THREADS} threads",
        "pooler": f"PgBouncer, {POOLER} mode" if POOLER else "none (direct connections)",
        "proxy": (
            f"nginx (deploy/nginx), {proxy_rate()} requests a second per Host at most, "
            + ("each organization at its own plan's rate, " if PROXY_LIMITS else "")
            + f"429s sent at {REFUSAL_BYTES_PER_SECOND} bytes a second"
            if PROXY
            else "none (clients straight to gunicorn)"
        ),
        "organizations": ORGANIZATIONS,
        "rate_per_organization": RATE,
        "noisy_rate": RATE * 10,
        "seconds_per_phase": SECONDS,
        "rounds": ROUNDS,
        "requests": {
            name: sum(len(t.latencies) + len(t.errors) + t.refusals for t in run)
            for name, run in runs.items()
        },
        "errors": {name: sum(len(t.errors) for t in run) for name, run in runs.items()},
        # Fair share's 429s (with Retry-After): the noisy organization past its plan's rate.
        "refused_429": {name: sum(t.refusals for t in run) for name, run in runs.items()},
        # Fair share must never refuse an organization at its usual rate.
        "quiet_refused_429": {
            name: sum(t.refusals for t in run if t.slug != noisy_slug) for name, run in runs.items()
        },
        "requests_per_second_overall": round(
            sum(len(t.latencies) + len(t.errors) for run in [warm, *runs.values()] for t in run)
            / elapsed,
            1,
        ),
        "cross_tenant_markers": sum(t.leaks for run in runs.values() for t in run),
        "quiet_p95_ms_median_of_rounds": {
            "baseline": round(baseline_p95 * 1000, 1),
            "noisy": round(noisy_p95 * 1000, 1),
        },
        "quiet_p95_ms_per_round": {
            "baseline": [round(p95(quiet(run)) * 1000, 1) for run in baselines],
            "noisy": [round(p95(quiet(run)) * 1000, 1) for run in noisies],
        },
        "noisy_p95_ratio": round(noisy_p95 / baseline_p95, 2),
        "saturation": {
            "noisy_connections": SATURATING,
            "noisy_client_nice": FLOOD_NICE,
            "fair_share_window_seconds": settings.FAIR_SHARE_WINDOW_SECONDS,
            "fair_share_busy_rule": (
                f"past {settings.FAIR_SHARE_BUSY_QUEUE_MS} ms of queue, "
                f"{settings.FAIR_SHARE_BUSY_FACTOR}x the others' mean"
                if PROXY
                else "off (no proxy stamps requests)"
            ),
            "quiet_p95_ms_median_of_rounds": round(saturated_p95 * 1000, 1),
            "quiet_p95_ms_per_round": [round(p95(quiet(run)) * 1000, 1) for run in saturations],
            "quiet_p95_ratio": round(saturated_p95 / baseline_p95, 2),
            "noisy_served": sum(len(tenant.latencies) for tenant in flooders),
            "noisy_refused_429": sum(tenant.refusals for tenant in flooders),
            "noisy_other_errors": sum(len(tenant.errors) for tenant in flooders),
            "quiet_errors": sum(
                len(t.errors) for run in saturations for t in run if t.slug != noisy_slug
            ),
        },
        "fault": {
            "killed_after_s": round(killed_at, 2),
            "connections_killed": killed,
            "recovered_within_s": round(recovery, 2),
            "failed_statuses": sorted({status for t in faulted for _, status in t.errors}),
        },
    }
    result_write("load-pooled.json" if POOLER else "load.json", result)
    print(json.dumps(result, indent=2))
    failures = (
        result["errors"]["baseline"]
        + result["errors"]["noisy"]
        + result["saturation"]["quiet_errors"]
        + result["cross_tenant_markers"]
        + sum(result["quiet_refused_429"].values())
    )
    unfair = result["noisy_p95_ratio"] >= 1.5 or result["saturation"]["quiet_p95_ratio"] >= 1.5
    return 1 if failures or recovery > 10 or unfair else 0


if __name__ == "__main__":
    sys.exit(main())
