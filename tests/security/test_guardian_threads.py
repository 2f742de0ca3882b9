"""django-guardian's object checks stay right when several threads serve different
organizations at once, even for rows with the same primary key in both schemas."""

import pytest
from rest_framework.test import APIClient

from shared_apps.accounts.models import User
from shared_apps.accounts.services import access_token_issue
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenant_apps.projects.services import project_create, project_grant
from tenants.roles import Role
from tests.fixtures.committed import (
    _create_committed_organization,
    in_own_connection,
    in_own_connections,
)
from tests.fixtures.races import race_email

# race_cleanup: the committed organizations, the member and the tokens go after each test, or
# a later test that counts tokens or scans schemas finds them.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup")]
THREADS, ROUNDS = 4, 25


def granted_in_one_organization_only():
    granted_in = _create_committed_organization("guard-a")
    hidden_in = _create_committed_organization("guard-b")
    user = User.objects.create_user(email=race_email("guard-member"), password=None)
    projects = {}
    for organization, name in ((granted_in, "Granted"), (hidden_in, "Hidden")):
        with organization:
            membership_add(organization=organization, user=user, role=Role.MEMBER)
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            projects[name] = project_create(actor=owner, name=name)
            if name == "Granted":
                project_grant(
                    actor=owner, project=projects[name], user_id=user.pk, permission="view"
                )
    token, _ = access_token_issue(user=user)
    return granted_in, hidden_in, projects["Granted"].pk, projects["Hidden"].pk, token


def test_object_grants_hold_with_threads_serving_two_organizations_at_once():
    granted_in, hidden_in, granted_pk, hidden_pk, token = in_own_connection(
        granted_in_one_organization_only
    )
    assert granted_pk == hidden_pk  # the same id in both schemas
    wrong: list[tuple[str, int]] = []

    def serve(offset: int) -> None:
        clients = {
            organization.slug: APIClient(
                HTTP_HOST=organization.primary_hostname, HTTP_AUTHORIZATION=f"Bearer {token}"
            )
            for organization in (granted_in, hidden_in)
        }
        for round_number in range(ROUNDS):
            slug = (granted_in, hidden_in)[(round_number + offset) % 2].slug
            response = clients[slug].get(f"/api/v1/projects/{granted_pk}/")
            expected = 200 if slug == granted_in.slug else 404
            body_ok = expected == 404 or response.json()["name"] == "Granted"
            if response.status_code != expected or not body_ok:
                wrong.append((slug, response.status_code))

    in_own_connections(serve, THREADS)

    assert wrong == []
