"""Tenancy behind a connection pooler: many threads, several organizations, each holding one
marker project, served on a direct connection and through a real PgBouncer in session and in
transaction mode. In transaction mode consecutive transactions of one client run on
different server connections, so a path set for one request must never reach another's.
The same runs on Django's in-process psycopg pool (DATABASE_POOL)."""

import threading
from collections import Counter
from collections.abc import Callable
from http import HTTPStatus

import pytest
from django.db import connection
from rest_framework.test import APIClient

from shared_apps.accounts.services import access_token_issue
from tenant_apps.memberships.models import Membership
from tenant_apps.projects.services import project_create
from tenants.roles import Role
from tenants.rollout.lock import ROLLOUT_LOCK_KEY, rollout_lock
from tests.fixtures.committed import (
    _create_committed_organization,
    in_own_connection,
    in_own_connections,
)
from tests.fixtures.pgbouncer import (
    close_the_in_process_pool,
    route_this_thread_through,
    use_the_in_process_pool_in_this_thread,
)

# race_cleanup: the committed organizations and their owners' tokens go after each test.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup")]
THREADS, ROUNDS, ORGANIZATIONS = 12, 20, 3


def marked_organizations(route: str) -> list[tuple[str, str, str]]:
    """Committed organizations, each with one marker project; (host, owner token, marker)."""
    marked = []
    for number in range(ORGANIZATIONS):
        organization = _create_committed_organization(f"pool-{route[:5]}-{number}")
        marker = f"marker of {organization.slug}"
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            project_create(actor=owner, name=marker)
        connection.set_schema_to_public()
        token, _ = access_token_issue(user=owner)
        marked.append((organization.primary_hostname, token, marker))
    return marked


def serve_concurrently(marked: list[tuple[str, str, str]], route: Callable[[], None]) -> Counter:
    """THREADS threads released together, ROUNDS requests each, rotating organizations."""
    outcomes: Counter = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(THREADS)

    def serve(offset: int) -> None:
        route()
        clients = [
            (APIClient(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Bearer {token}"), marker)
            for host, token, marker in marked
        ]
        for client, _ in clients:
            client.raise_request_exception = False  # a 500 is an outcome to count
        barrier.wait()
        for round_number in range(ROUNDS):
            client, marker = clients[(offset + round_number) % len(clients)]
            response = client.get("/api/v1/projects/")
            if response.status_code != HTTPStatus.OK:
                outcome = f"status {response.status_code}"
            else:
                names = {project["name"] for project in response.json()["results"]}
                outcome = "another's rows" if names - {marker} else "answered"
                outcome = "own row missing" if marker not in names else outcome
            with lock:
                outcomes[outcome] += 1

    in_own_connections(serve, THREADS)
    return outcomes


@pytest.mark.parametrize(
    "route",
    [
        "direct",
        pytest.param("session", marks=pytest.mark.pgbouncer),
        pytest.param("transaction", marks=pytest.mark.pgbouncer),
    ],
)
def test_concurrent_requests_only_ever_see_their_own_organization(route, pgbouncer):
    marked = in_own_connection(marked_organizations, route)
    port = None if route == "direct" else pgbouncer(route)

    outcomes = serve_concurrently(marked, lambda: route_this_thread_through(port))

    assert outcomes == Counter({"answered": THREADS * ROUNDS})


def test_concurrent_requests_on_the_in_process_pool_only_see_their_own_organization():
    marked = in_own_connection(marked_organizations, "inpool")

    try:
        outcomes = serve_concurrently(marked, use_the_in_process_pool_in_this_thread)
    finally:
        close_the_in_process_pool()

    assert outcomes == Counter({"answered": THREADS * ROUNDS})


def statement_timeout_through(port: int) -> str:
    route_this_thread_through(port)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.pgbouncer
def test_the_statement_timeout_holds_through_a_transaction_pooler(pgbouncer):
    """PgBouncer drops the `options` startup parameter (ignore_startup_parameters)."""
    assert in_own_connection(statement_timeout_through, pgbouncer("transaction")) == "5s"


def take_and_release_the_rollout_lock(port: int, times: int) -> None:
    route_this_thread_through(port)
    for _ in range(times):
        with rollout_lock():
            pass


@pytest.mark.pgbouncer
def test_the_rollout_lock_is_released_through_a_transaction_pooler(pgbouncer):
    in_own_connection(take_and_release_the_rollout_lock, pgbouncer("transaction"), 5)

    with connection.cursor() as cursor:  # direct: nobody may still hold it
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ROLLOUT_LOCK_KEY])
        assert cursor.fetchone()[0] is True
