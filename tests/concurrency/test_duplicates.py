"""Duplicates created at the same moment: one pending invitation per email, one account
per email. A lost race is a JSON answer with a stable code, never a 500."""

from collections import Counter
from datetime import timedelta
from functools import partial
from http import HTTPStatus

import pytest
from django.utils import timezone

from shared_apps.accounts.models import User
from shared_apps.accounts.services import token_digest
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.memberships.models import Membership
from tenants.roles import Role
from tests.fixtures.committed import _create_committed_organization, in_own_connection
from tests.fixtures.races import (
    answer,
    api_client,
    organization_and_owner_token,
    race_email,
    run_together,
)
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.usefixtures("race_cleanup")
ROUNDS = 20
INVITERS = 8


def pending_invitations(organization, email: str) -> int:
    with organization:
        return Invitation.objects.filter(email=email, status=InvitationStatus.PENDING).count()


def test_eight_invitations_of_one_new_email_at_once_leave_one_pending_invitation():
    organization, token = in_own_connection(organization_and_owner_token, "race-invite")
    outcomes: Counter = Counter()
    for round_number in range(ROUNDS):
        email = race_email(f"invitee-{round_number}")
        clients = [api_client(organization, token) for _ in range(INVITERS)]
        responses = run_together(
            *(
                partial(client.post, "/api/v1/invitations/", {"email": email, "role": "member"})
                for client in clients
            )
        )
        outcomes.update(answer(response) for response in responses)
        outcomes[f"pending={in_own_connection(pending_invitations, organization, email)}"] += 1

    print(f"{ROUNDS} rounds of {INVITERS} threads:", dict(outcomes))  # shown with -s
    # the first invites, the others refresh that one invitation (re-inviting is allowed)
    assert outcomes == {
        (HTTPStatus.CREATED, None): ROUNDS,
        (HTTPStatus.OK, None): ROUNDS * (INVITERS - 1),
        "pending=1": ROUNDS,
    }


def invite_with_token(organization, email: str, token: str) -> None:
    with organization:
        Invitation.objects.create(
            email=email,
            role=Role.MEMBER,
            token_digest=token_digest(token),
            expires_at=timezone.now() + timedelta(days=1),
        )


def accounts_and_memberships(organizations, email: str) -> tuple[int, int]:
    user = User.objects.filter(email=email).first()
    joined = 0
    for organization in organizations:
        with organization:
            joined += Membership.objects.filter(user=user).exists()
    return User.objects.filter(email=email).count(), joined


def test_two_organizations_invitations_of_one_new_email_accepted_at_once_make_one_account(
    settings,
):
    settings.LOGIN_THROTTLE_RATES = {**settings.LOGIN_THROTTLE_RATES, "login_ip": "1000/minute"}
    organizations = [
        in_own_connection(_create_committed_organization, slug)
        for slug in ("race-accept-a", "race-accept-b")
    ]
    outcomes: Counter = Counter()
    for round_number in range(ROUNDS):
        email = race_email(f"newcomer-{round_number}")
        calls = []
        for organization in organizations:
            token = f"race-token-{organization.slug}-{round_number}"
            in_own_connection(invite_with_token, organization, email, token)
            body = {"token": token, "password": PASSWORD}
            calls.append(
                partial(
                    api_client(organization).post,
                    "/api/v1/invitations/accept/",
                    body,
                    format="json",
                )
            )
        responses = run_together(*calls)
        outcomes[tuple(sorted((answer(r) for r in responses), key=str))] += 1
        accounts, joined = in_own_connection(accounts_and_memberships, organizations, email)
        outcomes[f"accounts={accounts} memberships={joined}"] += 1

    print(f"{ROUNDS} rounds of 2 threads:", dict(outcomes))  # shown with -s
    # the second either lost the race on the unique email (409) or came after the first
    # committed, and is told to sign in as the sequential case is (400)
    lost = ((HTTPStatus.OK, None), (HTTPStatus.CONFLICT, "account_exists"))
    later = ((HTTPStatus.OK, None), (HTTPStatus.BAD_REQUEST, "sign_in_required"))
    assert outcomes[lost] + outcomes[later] == ROUNDS, outcomes
    assert outcomes["accounts=1 memberships=1"] == ROUNDS, outcomes
