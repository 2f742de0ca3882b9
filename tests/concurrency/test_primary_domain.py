"""Making domains primary and removing them at the same moment: the organization always
keeps exactly one primary domain, and it exists."""

from collections import Counter
from functools import partial
from http import HTTPStatus

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from shared_apps.accounts.models import User
from shared_apps.accounts.services import access_token_issue
from tenants.models import Domain
from tenants.services.domains import domain_add
from tests.fixtures.committed import _create_committed_organization, in_own_connection
from tests.fixtures.races import answer, race_email, run_together

pytestmark = pytest.mark.usefixtures("race_cleanup")
ROUNDS = 20


def organization_and_admin_token():
    organization = _create_committed_organization("race-domains")
    admin = User.objects.create_user(email=race_email("domains"), password=None, is_staff=True)
    return organization, access_token_issue(user=admin)[0]


def two_new_domains(organization, round_number: int) -> list[str]:
    names = [f"r{round_number}-{side}.example.com" for side in ("a", "b")]
    for name in names:
        domain_add(organization=organization, domain=name)
    return names


def primary_domains(organization) -> int:
    return Domain.objects.filter(tenant=organization, is_primary=True).count()


def test_two_domains_made_primary_while_one_is_removed_leave_one_primary():
    organization, token = in_own_connection(organization_and_admin_token)
    url = f"/api/v1/platform/organizations/{organization.slug}/domains/"
    outcomes: Counter = Counter()
    for round_number in range(ROUNDS):
        first, second = in_own_connection(two_new_domains, organization, round_number)
        clients = [
            APIClient(HTTP_HOST=settings.TENANT_BASE_DOMAIN, HTTP_AUTHORIZATION=f"Bearer {token}")
            for _ in range(3)
        ]
        responses = run_together(
            partial(clients[0].post, f"{url}{first}/primary/"),
            partial(clients[1].post, f"{url}{second}/primary/"),
            partial(clients[2].delete, f"{url}{first}/"),
        )
        outcomes[tuple(answer(response) for response in responses)] += 1
        outcomes[f"primary={in_own_connection(primary_domains, organization)}"] += 1

    print(f"{ROUNDS} rounds of 3 threads:", dict(outcomes))  # shown with -s
    assert outcomes["primary=1"] == ROUNDS, outcomes
    assert all(
        isinstance(status, int) and status < HTTPStatus.INTERNAL_SERVER_ERROR
        for key in outcomes
        if isinstance(key, tuple)
        for status, _ in key
    ), outcomes
