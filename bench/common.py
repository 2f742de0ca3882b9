"""What the benchmarks, the load and mail-fault runs and the fuzzer (`apifuzz`) share: a
scratch database on the server DATABASE_URL points at, Django set up on it, gunicorn on a
free loopback port, and the results folder. No benchmark imports another; they import this,
and bench/rollout.py and bench/backup_timing.py for the measurements some of them share.
"""

import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from core.dev.ports import free_port as free_port  # the benchmarks' and tests' servers

RESULTS = Path(__file__).parent / "results"


def scratch_database_name(purpose: str) -> str:
    """`<DATABASE_URL's database>_<purpose>` (`tenantry_bench` for `tenantry`): each checkout
    runs in scratch databases of its own, so runs from two checkouts do not drop each other's."""
    return f"{_conninfo().get('dbname') or 'tenantry'}_{purpose}"


def bench_database() -> str:
    """The scratch database of the benchmarks and the load test."""
    return scratch_database_name("bench")


def database_url(database: str) -> str:
    """A DATABASE_URL for `database` on the server DATABASE_URL points at."""
    params = _conninfo()
    user = params.get("user", "postgres")
    host, port = params.get("host", ""), params.get("port", "")
    if host.startswith("/"):
        return f"postgres://{user}@/{database}?host={host}" + (f"&port={port}" if port else "")
    return f"postgres://{user}@{host}{':' + port if port else ''}/{database}"


def database_conninfo(database: str) -> str:
    """A libpq connection string for `database` on the server DATABASE_URL points at."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(**{**_conninfo(), "dbname": database})


def scratch_database_create(database: str) -> str:
    """Drop `database` if it exists (disconnecting its sessions), create it empty, and
    return its DATABASE_URL."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(database_conninfo("postgres"), autocommit=True) as admin:
        name = sql.Identifier(database)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    return database_url(database)


def django_on_scratch_database(
    database: str, *, settings_module: str = "core.settings.local", **environment: str
) -> None:
    """Create `database` afresh, point this process at it with `settings_module` (and
    `environment`), and set Django up. Migrating is the caller's next step: some change
    settings first (`migrate`)."""
    os.environ.update(
        DATABASE_URL=scratch_database_create(database),
        DJANGO_SETTINGS_MODULE=settings_module,
        **environment,
    )
    import django

    django.setup()


def migrate() -> None:
    """The shared schema, then every organization's (one job: the runs measure, not race)."""
    from django.core.management import call_command

    call_command("migrate_tenants", "--jobs", "1", verbosity=0)


def platform_admin_client():
    """A platform admin (`bench-admin@example.com`, made now) and an API client of theirs on
    the root domain; after `migrate`."""
    from django.conf import settings
    from rest_framework.test import APIClient

    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import access_token_issue

    admin = User.objects.create_superuser(email="bench-admin@example.com", password=None)
    client = APIClient(HTTP_HOST=settings.TENANT_BASE_DOMAIN)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token_issue(user=admin)[0]}")
    return admin, client


def provision_via_api(client, slug: str, owner_email: str) -> float:
    """Seconds from the platform API's create of `slug` to its health endpoint answering."""
    from django.conf import settings
    from rest_framework.test import APIClient

    started = time.perf_counter()
    response = client.post(
        "/api/v1/platform/organizations/",
        {"name": slug, "slug": slug, "owner_email": owner_email},
        format="json",
    )
    assert response.status_code == 201, response.content
    health = APIClient(HTTP_HOST=f"{slug}.{settings.TENANT_BASE_DOMAIN}").get("/api/v1/health/")
    assert health.status_code == 200, health.content
    return time.perf_counter() - started


def projects_bulk_add(organization, *, owner_id: int, count: int) -> None:
    """`count` projects ("Project 0", ...) owned by `owner_id` in `organization`, in one
    insert: the data a benchmark reads, not what it times."""
    from tenant_apps.projects.models import Project

    with organization:
        Project.objects.bulk_create(
            Project(name=f"Project {n}", slug=f"project-{n}", owner_id=owner_id)
            for n in range(count)
        )


def result_write(name: str, result: dict) -> Path:
    """Write `result` as bench/results/`name` (indented JSON) and return the path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / name
    path.write_text(json.dumps(result, indent=2) + "\n")
    return path


def start_gunicorn(
    *, port: int, threads: int = 1, output: IO | None = None, **environment: str
) -> subprocess.Popen:
    """gunicorn with the production config (core/gunicorn.py, its workers included: two
    per CPU unless WEB_CONCURRENCY says) on 127.0.0.1:`port`, `environment` added to ours
    (its output to `output` when given); returns once it answers HTTP at all (any status),
    or raises after 20 s."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "core.wsgi", "--config", "python:core.gunicorn",
         "--bind", f"127.0.0.1:{port}", "--threads", str(threads),
         "--log-level", "warning"],
        # Persistent connections as in production (the local settings close them).
        env={**os.environ, "DEBUG": "0", "CONN_MAX_AGE": "60", **environment},
        stdout=output,
        stderr=output,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/api/v1/health/", headers={"Host": "localhost"})
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def _conninfo() -> dict:
    from psycopg.conninfo import conninfo_to_dict

    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    return conninfo_to_dict(url)
