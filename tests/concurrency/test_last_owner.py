"""Two owners leaving or stepping down at the same moment: one of them stays owner.

Each round makes two fresh owners of one committed organization (every earlier owner steps
down to admin first), gives each a project, then sends both requests together through the
API, each on its own connection.
"""

from collections import Counter
from http import HTTPStatus

import pytest

from shared_apps.accounts.models import User
from shared_apps.accounts.services import access_token_issue
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add, membership_role_change
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.roles import Role
from tests.fixtures.committed import _create_committed_organization, in_own_connection
from tests.fixtures.races import api_client, race_email, run_together

pytestmark = pytest.mark.usefixtures("race_cleanup")
ROUNDS = 20


def two_new_sole_owners(organization, label: str, projects: bool) -> list[tuple[User, str]]:
    """Two new owners, each with a token (and a project); nobody else is an owner."""
    owners = []
    for index in (1, 2):
        user = User.objects.create_user(email=race_email(f"{label}-{index}"), password=None)
        with organization:
            membership_add(organization=organization, user=user, role=Role.OWNER)
        owners.append((user, access_token_issue(user=user)[0]))
    with organization:
        earlier = Membership.objects.filter(role=Role.OWNER).exclude(
            user__in=[user for user, _ in owners]
        )
        earlier_owners = [membership.user for membership in earlier.select_related("user")]
        for user, _ in owners if projects else ():
            project_create(actor=user, name=f"{user.email} plan")
        for user in earlier_owners:
            membership_role_change(organization=organization, user=user, role=Role.ADMIN)
    return owners


def state_of(organization) -> dict:
    with organization:
        members = set(Membership.objects.values_list("user_id", flat=True))
        return {
            "owners": Membership.objects.filter(role=Role.OWNER).count(),
            "orphan_projects": Project.objects.exclude(owner_id__in=members).count(),
        }


def outcome(response) -> tuple[int, str | None]:
    body = response.json() if response.content else {}
    return response.status_code, body.get("code")


def race_rounds(organization, request, *, projects: bool = False) -> Counter:
    outcomes: Counter = Counter()
    for round_number in range(ROUNDS):
        owners = in_own_connection(two_new_sole_owners, organization, f"r{round_number}", projects)
        clients = [(api_client(organization, token), user) for user, token in owners]
        responses = run_together(*(lambda c=c, u=u: request(c, u) for c, u in clients))
        outcomes[tuple(sorted(outcome(response) for response in responses))] += 1
        state = in_own_connection(state_of, organization)
        outcomes[f"owners={state['owners']}"] += 1
        outcomes[f"orphan_projects={state['orphan_projects']}"] += 1
    print(f"{ROUNDS} rounds of 2 threads:", dict(outcomes))  # shown with -s, for the record
    return outcomes


def test_two_owners_demoting_themselves_at_once_leave_one_owner():
    organization = in_own_connection(_create_committed_organization, "race-demote")

    outcomes = race_rounds(
        organization,
        lambda client, user: client.patch(
            f"/api/v1/members/{user.pk}/", {"role": "admin"}, format="json"
        ),
    )

    assert outcomes == {
        ((HTTPStatus.OK, None), (HTTPStatus.CONFLICT, "last_owner")): ROUNDS,
        "owners=1": ROUNDS,
        "orphan_projects=0": ROUNDS,
    }


def test_two_owners_leaving_at_once_leave_one_owner_who_has_every_project():
    organization = in_own_connection(_create_committed_organization, "race-leave")

    outcomes = race_rounds(
        organization,
        lambda client, user: client.delete(f"/api/v1/members/{user.pk}/"),
        projects=True,
    )

    assert outcomes == {
        ((HTTPStatus.NO_CONTENT, None), (HTTPStatus.CONFLICT, "last_owner")): ROUNDS,
        "owners=1": ROUNDS,
        "orphan_projects=0": ROUNDS,
    }
