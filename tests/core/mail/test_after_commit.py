"""Mail leaves only once the write that caused it has committed."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.db import transaction

from tenant_apps.invitations.models import Invitation
from tenant_apps.invitations.services import invitation_create

pytestmark = pytest.mark.django_db


class Abandoned(Exception):
    pass


def invite_then_abandon(tenant, owner) -> None:
    with tenant, transaction.atomic():
        invitation_create(
            organization=tenant, actor=owner, email="never@example.com", role="member"
        )
        raise Abandoned


def test_an_invitation_rolled_back_after_it_was_made_sends_no_mail(
    tenant, tenant_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Abandoned):
        invite_then_abandon(tenant, tenant_owner)
    assert mail.outbox == []
    with tenant:
        assert not Invitation.objects.filter(email="never@example.com").exists()


def test_an_invitation_is_mailed_when_its_transaction_commits(
    tenant, tenant_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, tenant:
        invitation_create(
            organization=tenant, actor=tenant_owner, email="later@example.com", role="member"
        )
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [message.to for message in mail.outbox] == [["later@example.com"]]


def test_a_create_with_an_existing_owner_owes_no_mail(
    client_for, root_host, platform_admin, make_user
):
    response = client_for(root_host, platform_admin).post(
        "/api/v1/platform/organizations/",
        {"name": "No Mail", "slug": "no-mail", "owner_email": make_user().email},
        format="json",
    )

    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["mail"] is None
    assert mail.outbox == []
