"""Citus beside a single server (`make bench-citus`): the same measurements, in one run, on
this machine's PostgreSQL and on a local Citus cluster of the same binaries (a coordinator
and two workers on loopback, core/dev/citus.py). A loopback cluster on one machine proves
that everything works and what the distribution costs, not what a cluster can carry.

  provisioning   POST /api/v1/platform/organizations/ then its health: p50 over ROUNDS,
                 with no spare ready (built from the template, then distributed on Citus)
                 and with one (renamed; spares are built between rounds, as the refill
                 job builds them)
  rollout        one AddField rolled out by migrate_tenants to ORGANIZATIONS organizations
  projects list  GET /api/v1/projects/ of an organization with 50 projects: p50 of 200
  move           (Citus) an organization with 1,000 projects moved to the other worker while
                 a client creates projects in it: total time, the longest write (the pause
                 of the cut-over), writes made and errors seen

Each side runs in a process of its own (`--side`); this one starts the cluster, compares,
and writes bench/results/citus.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

from bench.common import (
    projects_bulk_add,
    result_write,
    scratch_database_create,
    scratch_database_name,
)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "15"))
ORGANIZATIONS = int(os.environ.get("BENCH_CITUS_ORGANIZATIONS", "200"))
MOVED_PROJECTS = 1000
DATABASE = "tenantry_bench_citus"  # on every node of the cluster
# Citus within this many times one server.
GOALS = {"provisioning": 3.0, "provisioning_spare": 3.0, "rollout": 3.0}
# Both sides run this many times, alternately, and each figure is the median of its runs:
# on a 2-core machine a burst of other work during one side's run would skew one ratio.
REPEATS = int(os.environ.get("BENCH_CITUS_REPEATS", "3"))


def p50_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 1)


def side(name: str) -> dict:
    """Every measurement on the database DATABASE_URL names (made empty by the caller)."""
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", BENCH_STAGE="1")
    import django

    django.setup()
    from django.conf import settings

    from bench.common import migrate, platform_admin_client, provision_via_api
    from tenants.schemas import current_template
    from tenants.schemas.spares import spare_schemas_fill

    migrate()
    admin, platform = platform_admin_client()

    def provision(slug: str) -> float:
        return provision_via_api(platform, slug, admin.email)

    provision("bench-first")  # built by migrations: the template's source
    current_template()  # taken once per code version, outside the timings
    figures = {"provisioning_p50_ms": p50_ms([provision(f"bench-p{n}") for n in range(ROUNDS)])}

    def provision_from_spare(slug: str) -> float:
        spare_schemas_fill(count=1)  # off the request path, as the refill job does
        return provision(slug)

    figures["provisioning_spare_p50_ms"] = p50_ms(
        [provision_from_spare(f"bench-s{n}") for n in range(ROUNDS)]
    )
    figures["projects_list_p50_ms"] = _projects_list_p50_ms(admin, settings.TENANT_BASE_DOMAIN)
    figures["rollout_s"] = _rollout_seconds()
    if name == "citus":
        figures["move"] = _move_while_writing(admin)
    return figures


def _organization_with_projects(slug: str, owner, count: int):
    from tenants.services.provisioning import organization_create

    organization = organization_create(name=slug, slug=slug, owner_email=owner.email)
    projects_bulk_add(organization, owner_id=owner.pk, count=count)
    return organization


def _projects_list_p50_ms(owner, base_domain: str) -> float:
    from rest_framework.test import APIClient

    from shared_apps.accounts.services import access_token_issue

    _organization_with_projects("bench-list", owner, 50)
    client = APIClient(HTTP_HOST=f"bench-list.{base_domain}")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_issue(user=owner)[0]}")
    samples = []
    for _ in range(200):
        started = time.perf_counter()
        assert client.get("/api/v1/projects/").status_code == 200
        samples.append(time.perf_counter() - started)
    return p50_ms(samples)


def _rollout_seconds() -> float:
    """Make ORGANIZATIONS organizations, then time `migrate_tenants` adding one column to
    each (bench/benchapp's second migration, switched on by BENCH_STAGE=2)."""
    from shared_apps.accounts.models import User
    from tenants.services.provisioning import organization_create

    owner = User.objects.get(email="bench-admin@example.com")
    for n in range(ORGANIZATIONS):
        organization_create(name=f"Roll {n}", slug=f"bench-roll-{n}", owner_email=owner.email)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "migrate_tenants"],
        env={**os.environ, "BENCH_STAGE": "2"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return round(time.perf_counter() - started, 2)


def _move_while_writing(owner) -> dict:
    """Move an organization of MOVED_PROJECTS projects to the other worker while a thread
    creates projects in it through the service, one after the other."""
    from django.db import connections

    from tenant_apps.projects.services import project_create
    from tenants.selectors.placement import cluster_nodes, organization_nodes
    from tenants.services.placement import organization_move

    organization = _organization_with_projects("bench-move", owner, MOVED_PROJECTS)
    target = next(
        node
        for node in cluster_nodes()
        if node != organization_nodes(organizations=[organization])[organization.pk]
    )
    writes: list[tuple[float, float]] = []  # (start, seconds) of each write
    errors: list[str] = []
    stop = threading.Event()

    def write() -> None:
        number = 0
        while not stop.is_set():
            started = time.perf_counter()
            try:
                with organization:
                    project_create(actor=owner, name=f"Written {number}")
            except Exception as error:  # what a client would see, counted
                errors.append(f"{type(error).__name__}: {error}"[:200])
            writes.append((started, time.perf_counter() - started))
            number += 1
        connections.close_all()

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(1)
    move_started = time.perf_counter()
    organization_move(organization=organization, node=target)
    move_ended = time.perf_counter()
    time.sleep(1)
    stop.set()
    writer.join()
    during = [seconds for started, seconds in writes if move_started <= started <= move_ended]
    before = [seconds for started, seconds in writes if started < move_started]
    return {
        "projects": MOVED_PROJECTS,
        "total_s": round(move_ended - move_started, 2),
        "longest_write_ms": round(max(during, default=0) * 1000, 1),
        "write_p50_before_ms": p50_ms(before) if before else None,
        "writes": len(writes),
        "writes_during_move": len(during),
        "errors": len(errors),
        "first_errors": errors[:3],
    }


def median_of(runs: list[dict]) -> dict:
    """Each number's median over the runs (the move's figures are summed up apart)."""
    return {
        key: round(statistics.median(run[key] for run in runs), 2)
        for key, value in runs[0].items()
        if isinstance(value, (int, float))
    }


def run_side(name: str, url: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "bench.citus", "--side", name],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--side", choices=["single", "citus"], help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.side:
        print(json.dumps(side(arguments.side)))
        return 0

    from core.dev import citus as cluster

    runs: dict[str, list[dict]] = {"single": [], "citus": []}
    cluster.start()
    try:
        for _ in range(REPEATS):
            single_url = scratch_database_create(scratch_database_name("citus_single"))
            runs["single"].append(run_side("single", single_url))
            ports = cluster.cluster_ports(os.environ)
            runs["citus"].append(run_side("citus", cluster.database_prepare(DATABASE, *ports)))
    finally:
        cluster.stop()
    single, on_citus = median_of(runs["single"]), median_of(runs["citus"])
    moves = [run["move"] for run in runs["citus"]]
    on_citus["move"] = {
        "projects": MOVED_PROJECTS,
        "total_s_median": statistics.median(move["total_s"] for move in moves),
        "longest_write_ms_worst": max(move["longest_write_ms"] for move in moves),
        "longest_write_ms_each": [move["longest_write_ms"] for move in moves],
        "write_p50_before_ms_median": statistics.median(
            move["write_p50_before_ms"] for move in moves
        ),
        "writes_during_moves": sum(move["writes_during_move"] for move in moves),
        "errors": sum(move["errors"] for move in moves),
        "first_errors": [error for move in moves for error in move["first_errors"]][:3],
    }
    ratios = {
        "provisioning": on_citus["provisioning_p50_ms"] / single["provisioning_p50_ms"],
        "provisioning_spare": (
            on_citus["provisioning_spare_p50_ms"] / single["provisioning_spare_p50_ms"]
        ),
        "rollout": on_citus["rollout_s"] / single["rollout_s"],
        "projects_list": on_citus["projects_list_p50_ms"] / single["projects_list_p50_ms"],
    }
    result = {
        "benchmark": "Citus (coordinator and two workers on loopback) beside one server",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count()},
        "rounds": ROUNDS,
        "repeats": REPEATS,
        "rollout_organizations": ORGANIZATIONS,
        "single": single,
        "citus": on_citus,
        "ratios_citus_vs_single": {key: round(value, 2) for key, value in ratios.items()},
        "goals_met": {key: ratios[key] <= goal for key, goal in GOALS.items()}
        | {"move_without_errors": on_citus["move"]["errors"] == 0},
    }
    result_write("citus.json", result)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
