"""The expiry chore and a resend of the same stale invitation at once: the resend either wins
(the invitation stays pending, with a fresh expiry) or loses to the chore (409 `not_pending`,
the invitation expired); never an answer that says resent beside an expired invitation."""

import time
from collections import Counter
from datetime import timedelta
from functools import partial
from http import HTTPStatus

import pytest
from django.utils import timezone

from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.invitations.services import invitations_expire_stale
from tenants.roles import Role
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import (
    answer,
    api_client,
    organization_and_owner_token,
    race_email,
    run_together,
)

pytestmark = pytest.mark.usefixtures("race_cleanup")
ROUNDS = 20


def stale_invitation(organization, email: str) -> int:
    with organization:
        return Invitation.objects.create(
            email=email,
            role=Role.MEMBER,
            token_digest=email.ljust(64, "0")[:64],
            expires_at=timezone.now() - timedelta(seconds=1),
        ).pk


def expire_in(organization, after: float) -> int:
    time.sleep(after)  # staggered over the rounds: the resend is ahead in some, behind in others
    with organization:
        return invitations_expire_stale()


def final_state(organization, invitation_id: int) -> str:
    with organization:
        invitation = Invitation.objects.get(pk=invitation_id)
    if invitation.status == InvitationStatus.PENDING and invitation.expires_at > timezone.now():
        return "pending, fresh"
    return str(invitation.status)


def test_a_resend_racing_the_expiry_chore_either_wins_or_is_refused():
    organization, token = in_own_connection(organization_and_owner_token, "race-expiry")
    outcomes: Counter = Counter()
    for round_number in range(ROUNDS):
        invitation_id = in_own_connection(
            stale_invitation, organization, race_email(f"stale-{round_number}")
        )
        client = api_client(organization, token)
        resent, expired = run_together(
            partial(client.post, f"/api/v1/invitations/{invitation_id}/resend/"),
            partial(expire_in, organization, after=(round_number % 10) * 0.005),
        )
        state = in_own_connection(final_state, organization, invitation_id)
        outcomes[(answer(resent), expired, state)] += 1

    print(f"{ROUNDS} rounds:", dict(outcomes))  # shown with -s
    assert set(outcomes) <= {
        ((HTTPStatus.OK, None), 0, "pending, fresh"),
        ((HTTPStatus.CONFLICT, "not_pending"), 1, "expired"),
    }
    assert sum(outcomes.values()) == ROUNDS
