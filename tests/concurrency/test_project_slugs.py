"""Many creates of one project name at the same moment: every one succeeds, each with its
own slug (`apollo`, `apollo-2`, ...)."""

from collections import Counter
from functools import partial
from http import HTTPStatus

import pytest

from tenant_apps.projects.models import Project
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import api_client, organization_and_owner_token, run_together

pytestmark = pytest.mark.usefixtures("race_cleanup")
THREADS, ROUNDS = 20, 20


def slugs_named(organization, name: str) -> list[str]:
    with organization:
        return sorted(Project.objects.filter(name=name).values_list("slug", flat=True))


def test_twenty_creates_of_one_name_at_once_all_succeed_with_unique_slugs():
    organization, token = in_own_connection(organization_and_owner_token, "race-slugs")
    statuses: Counter = Counter()
    wrong_slugs = []
    for round_number in range(ROUNDS):
        name = f"Apollo {round_number}"
        clients = [api_client(organization, token) for _ in range(THREADS)]
        responses = run_together(
            *(partial(client.post, "/api/v1/projects/", {"name": name}) for client in clients)
        )
        statuses.update(response.status_code for response in responses)
        base = f"apollo-{round_number}"
        expected = sorted([base] + [f"{base}-{suffix}" for suffix in range(2, THREADS + 1)])
        answered = sorted(response.json().get("slug", "") for response in responses)
        stored = in_own_connection(slugs_named, organization, name)
        if not answered == stored == expected:
            wrong_slugs.append((round_number, answered, stored))

    print(f"{ROUNDS} rounds of {THREADS} threads:", dict(statuses))  # shown with -s
    assert statuses == {HTTPStatus.CREATED: THREADS * ROUNDS}
    assert wrong_slugs == []
