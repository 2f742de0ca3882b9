"""Invitations stored before addresses were normalized move to the normalized address, so
that erasure and acceptance find them by an exact match; what cannot move is revoked."""

from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db
BEFORE = [("invitations", "0002_user_without_db_constraint")]
AFTER = [("invitations", "0003_normalize_emails")]


def make_invitations(apps, *rows: tuple[str, str]) -> dict[str, int]:
    Invitation = apps.get_model("invitations", "Invitation")
    now = timezone.now()
    return {
        f"{email}/{status}/{index}": Invitation.objects.create(
            email=email,
            status=status,
            role="member",
            token_digest=f"{index:064d}",
            expires_at=now + timedelta(days=1),
        ).pk
        for index, (email, status) in enumerate(rows)
    }


def test_invitations_move_to_the_normalized_address(tenant_migrator):
    old = tenant_migrator.migrate(BEFORE)
    ids = make_invitations(
        old,
        ("cy@b\u00fccher.example", "pending"),
        ("Ada@Example.com", "accepted"),
        ("plain@example.com", "pending"),
    )

    new = tenant_migrator.migrate(AFTER)

    Invitation = new.get_model("invitations", "Invitation")
    stored = dict(Invitation.objects.filter(pk__in=ids.values()).values_list("pk", "email"))
    assert sorted(stored.values()) == [
        "ada@example.com",
        "cy@xn--bcher-kva.example",
        "plain@example.com",
    ]
    assert set(Invitation.objects.values_list("status", flat=True)) == {"pending", "accepted"}


def test_look_alikes_and_duplicates_are_revoked_and_the_newest_pending_one_stays(
    tenant_migrator,
):
    old = tenant_migrator.migrate(BEFORE)
    ids = make_invitations(
        old,
        ("adm\u0131n@example.com", "pending"),
        ("dup@xn--bcher-kva.example", "pending"),
        ("dup@b\u00fccher.example", "pending"),
        ("adm\u0131n@example.org", "accepted"),
    )

    new = tenant_migrator.migrate(AFTER)

    Invitation = new.get_model("invitations", "Invitation")
    status = dict(Invitation.objects.values_list("pk", "status"))
    look_alike, older, newer, accepted = ids.values()
    assert status[look_alike] == "revoked"
    assert (status[older], status[newer]) == ("revoked", "pending")
    assert status[accepted] == "accepted"  # history is left as it was
    assert Invitation.objects.get(pk=look_alike).responded_at is not None
    assert Invitation.objects.get(pk=newer).email == "dup@xn--bcher-kva.example"
    assert Invitation.objects.get(pk=older).email == "dup@xn--bcher-kva.example"
