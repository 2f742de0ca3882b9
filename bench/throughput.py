"""Throughput benchmark (`make bench-throughput`): the projects list of one organization,
tenant-routed by Host, against the same endpoint with the tenant fixed at start-up, and
against tenant-routed without fair share (its cost), each served by gunicorn and loaded by
wrk on loopback for a fixed time. Prints requests/s and the ratios; writes
bench/results/throughput.json. Needs wrk (Debian package `wrk`).
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from datetime import UTC, datetime

from bench.common import (
    bench_database,
    django_on_scratch_database,
    free_port,
    migrate,
    result_write,
    start_gunicorn,
)

PORT = free_port()
DURATION = os.environ.get("BENCH_DURATION", "5s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# As the proxy stamps a request it passes on (deploy/nginx): the epoch seconds, here fixed.
REQUEST_START = "t=1700000000.000"


def prepare() -> str:
    django_on_scratch_database(bench_database())
    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import access_token_issue
    from tenant_apps.projects.services import project_create
    from tenants.models import Organization
    from tenants.services.provisioning import organization_create

    migrate()
    owner = User.objects.create_user(email="bench-owner@example.com", password=None)
    organization = organization_create(name="Bench", slug="bench-a", owner_email=owner.email)
    with Organization.objects.get(pk=organization.pk):
        for index in range(20):
            project_create(actor=owner, name=f"Project {index}", description="benchmark")
    token, _ = access_token_issue(user=owner)
    return token


def serve(settings_module: str) -> subprocess.Popen:
    # The path check (TENANT_VERIFY_SEARCH_PATH) is a development guard: measure without it,
    # as production runs.
    # Fair share counts every request but limits none: wrk's 16 connections run far past a
    # plan's rate and concurrency, and its cost on requests below them is what is measured.
    # Its busy rule included: the stamp is trusted, as behind the compose stack's proxy, and
    # wrk's (a fixed time, long past) marks every request as having waited, the rule's
    # longest path; an organization alone is never refused by it.
    return start_gunicorn(
        port=PORT,
        DJANGO_SETTINGS_MODULE=settings_module,
        BENCH_FIXED_SLUG="bench-a",
        TENANT_VERIFY_SEARCH_PATH="0",
        PLAN_STANDARD_REQUESTS_PER_MINUTE="100000000",
        PLAN_STANDARD_CONCURRENT_REQUESTS="64",
        TRUSTED_PROXY_REQUEST_START="1",
    )


def load(token: str) -> float:
    output = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{DURATION}", "-H", "Host: bench-a.localhost",
         "-H", f"Authorization: Bearer {token}", "-H", f"X-Request-Start: {REQUEST_START}",
         f"http://127.0.0.1:{PORT}/api/v1/projects/"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise RuntimeError(f"{non_2xx.group(1)} failed responses:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> int:
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    token = prepare()
    servers = (
        ("fixed_schema", "bench.settings_fixed"),
        ("tenant_routed_without_fair_share", "bench.settings_no_fair_share"),
        ("tenant_routed", "core.settings.local"),
    )
    samples: dict[str, list[float]] = {name: [] for name, _ in servers}
    # Alternate the servers over several rounds: on one small machine the load generator,
    # the server and PostgreSQL share the cores, so single runs are noisy. Each round starts
    # with the next server: throughput drifts over a run (caches warm), and a fixed order
    # would hand the drift to whichever server comes last.
    for number in range(ROUNDS):
        shift = number % len(servers)
        for name, module in servers[shift:] + servers[:shift]:
            server = serve(module)
            try:
                load(token)  # warm-up: connections, caches
                samples[name].append(load(token))
            finally:
                server.terminate()
                server.wait()
    figures = {name: statistics.median(values) for name, values in samples.items()}
    result = {
        "benchmark": "projects list throughput: tenant-routed vs fixed schema (gunicorn, wrk)",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "duration_per_run": DURATION,
        "rounds": ROUNDS,
        "requests_per_second_median": figures,
        "requests_per_second_samples": samples,
        "ratio_tenant_routed_vs_fixed": round(
            figures["tenant_routed"] / figures["fixed_schema"], 3
        ),
        # Fair share's cost: its rate count (one shared-cache round trip) and its in-flight
        # count, on requests far below the limits.
        "ratio_with_fair_share_vs_without": round(
            figures["tenant_routed"] / figures["tenant_routed_without_fair_share"], 3
        ),
    }
    result_write("throughput.json", result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
