"""Invitations sent before the policy existed: pending ones whose inviter has since left,
been erased or been demoted below the invited role are revoked when the code arrives."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
BEFORE = [
    ("invitations", "0003_normalize_emails"),
    ("memberships", "0003_guardian_without_cross_schema_constraints"),
]
AFTER = [("invitations", "0004_revoke_invitations_of_departed_inviters")]


def test_pending_invitations_beyond_their_inviters_role_are_revoked(tenant_migrator, make_user):
    old = tenant_migrator.migrate(BEFORE)
    Membership = old.get_model("memberships", "Membership")
    Invitation = old.get_model("invitations", "Invitation")
    roles = {"owner": "owner", "admin": "admin", "demoted": "member", "left": None}
    people = {label: make_user() for label in roles}
    for label, role in roles.items():
        if role:
            Membership.objects.create(user_id=people[label].pk, role=role)
    sent = [
        ("owner", "owner", "pending"),
        ("admin", "admin", "pending"),
        ("admin", "owner", "pending"),  # an admin may not invite owners (any more)
        ("demoted", "member", "pending"),
        ("left", "viewer", "pending"),
        ("erased", "member", "pending"),  # the inviter was erased: no inviter left
        ("left", "member", "accepted"),  # history stays as it was
    ]
    ids = [
        Invitation.objects.create(
            email=f"invitee{index}@example.com",
            role=role,
            status=status,
            invited_by_id=people[inviter].pk if inviter in people else None,
            token_digest=f"{index:064d}",
            expires_at=timezone.now() + timedelta(days=1),
        ).pk
        for index, (inviter, role, status) in enumerate(sent)
    ]

    new = tenant_migrator.migrate(AFTER)

    Invitation = new.get_model("invitations", "Invitation")
    statuses = [Invitation.objects.get(pk=pk).status for pk in ids]
    assert statuses == [
        "pending",
        "pending",
        "revoked",
        "revoked",
        "revoked",
        "revoked",
        "accepted",
    ]
    assert Invitation.objects.filter(status="revoked", responded_at__isnull=True).count() == 0
