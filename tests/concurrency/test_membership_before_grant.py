"""A grant, a new project, an invitation or a role change racing a member's removal or
demotion: nothing outlives the member's place in the team.

Each round adds a fresh member to one committed organization, then sends both requests
together through the API, each on its own connection.
"""

from collections import Counter
from functools import partial
from http import HTTPStatus

import pytest
from guardian.models import UserObjectPermission

from shared_apps.accounts.models import User
from shared_apps.accounts.services import access_token_issue
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.roles import Role
from tests.fixtures.committed import _create_committed_organization, in_own_connection
from tests.fixtures.races import api_client, race_email, run_together

pytestmark = pytest.mark.usefixtures("race_cleanup")
ROUNDS = 20


def organization_with_a_project(slug: str):
    organization = _create_committed_organization(slug)
    with organization:
        owner = Membership.objects.get(role=Role.OWNER).user
        project = project_create(actor=owner, name="Shared plan")
    return organization, project, access_token_issue(user=owner)[0]


def new_member(organization, label: str, role: str) -> tuple[User, str]:
    user = User.objects.create_user(email=race_email(label), password=None)
    with organization:
        membership_add(organization=organization, user=user, role=role)
    return user, access_token_issue(user=user)[0]


def broken_rules(organization) -> dict[str, int]:
    with organization:
        members = Membership.objects.values_list("user_id", flat=True)
        viewers = Membership.objects.filter(role=Role.VIEWER).values_list("user_id", flat=True)
        grants = UserObjectPermission.objects.all()
        inviters = Membership.objects.filter(role__in=[Role.OWNER, Role.ADMIN])
        return {
            "pending invitations of non-inviters": Invitation.objects.filter(
                status=InvitationStatus.PENDING
            )
            .exclude(invited_by_id__in=inviters.values("user_id"))
            .count(),
            "grants of non-members": grants.exclude(user_id__in=members).count(),
            "write grants of viewers": grants.filter(user_id__in=viewers)
            .exclude(permission__codename="view_project")
            .count(),
            "projects of non-members": Project.objects.exclude(owner_id__in=members).count(),
        }


def race_rounds(
    slug: str, first, second, role: str = Role.MEMBER
) -> tuple[Counter, dict[str, int]]:
    """`first` and `second` take (owner client, member client, member, project) and send
    one request each; returns the counted pairs of (status, code) and broken rules."""
    organization, project, owner_token = in_own_connection(organization_with_a_project, slug)
    outcomes: Counter = Counter()
    for round_number in range(ROUNDS):
        member, token = in_own_connection(new_member, organization, f"{slug}-{round_number}", role)
        calls = [
            partial(
                step,
                api_client(organization, owner_token),  # a client for each thread
                api_client(organization, token),
                member,
                project,
            )
            for step in (first, second)
        ]
        responses = run_together(*calls)
        outcomes[tuple((response.status_code, code_of(response)) for response in responses)] += 1
    broken = in_own_connection(broken_rules, organization)
    print(f"{ROUNDS} rounds of 2 threads:", dict(outcomes))  # shown with -s, for the record
    return outcomes, broken


def code_of(response) -> str | None:
    body = response.json() if response.content else None
    return body.get("code") if isinstance(body, dict) else None  # a grant answers a list


def grant(permission: str):
    def send(owner_client, _member_client, member, project):
        return owner_client.post(
            f"/api/v1/projects/{project.pk}/permissions/",
            {"user_id": member.pk, "permission": permission},
            format="json",
        )

    return send


def remove(owner_client, _member_client, member, _project):
    return owner_client.delete(f"/api/v1/members/{member.pk}/")


def make_viewer(owner_client, _member_client, member, _project):
    return owner_client.patch(f"/api/v1/members/{member.pk}/", {"role": "viewer"}, format="json")


def create_project(_owner_client, member_client, member, _project):
    return member_client.post("/api/v1/projects/", {"name": f"{member.email}"}, format="json")


def invite(_owner_client, member_client, member, _project):
    email = member.email.replace("@", "-invitee@")
    return member_client.post("/api/v1/invitations/", {"email": email, "role": "member"})


def demote_to_member(owner_client, _member_client, member, _project):
    return owner_client.patch(f"/api/v1/members/{member.pk}/", {"role": "member"}, format="json")


NO_BROKEN_RULES = {
    "pending invitations of non-inviters": 0,
    "grants of non-members": 0,
    "write grants of viewers": 0,
    "projects of non-members": 0,
}


def test_a_grant_racing_the_removal_of_its_member_never_outlives_the_membership():
    outcomes, broken = race_rounds("race-grant", grant("view"), remove)

    assert broken == NO_BROKEN_RULES, outcomes
    # granted first (then revoked by the removal), or refused once the member is gone
    assert set(outcomes) <= {
        ((HTTPStatus.CREATED, None), (HTTPStatus.NO_CONTENT, None)),
        ((HTTPStatus.BAD_REQUEST, "not_a_member"), (HTTPStatus.NO_CONTENT, None)),
    }, outcomes
    assert sum(outcomes.values()) == ROUNDS


def test_a_project_created_while_its_creator_is_removed_goes_to_an_owner():
    outcomes, broken = race_rounds("race-create", create_project, remove)

    assert broken == NO_BROKEN_RULES, outcomes
    assert set(outcomes) <= {
        ((HTTPStatus.CREATED, None), (HTTPStatus.NO_CONTENT, None)),
        # removed after the request passed the members-only gate, before the create
        ((HTTPStatus.NOT_FOUND, "not_a_member"), (HTTPStatus.NO_CONTENT, None)),
        ((HTTPStatus.NOT_FOUND, "not_found"), (HTTPStatus.NO_CONTENT, None)),
    }, outcomes
    assert sum(outcomes.values()) == ROUNDS


def test_a_write_grant_racing_a_demotion_to_viewer_never_leaves_a_viewer_writing():
    outcomes, broken = race_rounds("race-viewer", grant("change"), make_viewer)

    assert broken == NO_BROKEN_RULES, outcomes
    assert set(outcomes) <= {
        ((HTTPStatus.CREATED, None), (HTTPStatus.OK, None)),
        ((HTTPStatus.BAD_REQUEST, "invalid"), (HTTPStatus.OK, None)),
    }, outcomes
    assert sum(outcomes.values()) == ROUNDS


def test_an_invitation_racing_the_demotion_of_its_inviter_never_stays_pending():
    outcomes, broken = race_rounds("race-inviter", invite, demote_to_member, Role.ADMIN)

    assert broken == NO_BROKEN_RULES, outcomes
    # invited first (then revoked by the demotion), or refused to the member it became
    assert set(outcomes) <= {
        ((HTTPStatus.CREATED, None), (HTTPStatus.OK, None)),
        ((HTTPStatus.FORBIDDEN, "forbidden"), (HTTPStatus.OK, None)),
    }, outcomes
    assert sum(outcomes.values()) == ROUNDS
