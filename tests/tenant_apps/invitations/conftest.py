"""Shared by the invitation tests: an invitation made through the API, and its mailed token."""

from http import HTTPStatus

import pytest
from django.core import mail

from tests.fixtures.mail import last_mail_field
from tests.fixtures.urls import INVITATIONS_URL


@pytest.fixture
def invite_through_api(tenant_owner, tenant_client, django_capture_on_commit_callbacks):
    """`invite_through_api(email, role)`: the owner invites through the API; the mail the
    job sends is the only one in the outbox afterwards (the test's transaction stands in
    for the commit that lets it leave)."""

    def invite(email: str, role: str = "member") -> None:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = tenant_client(tenant_owner).post(
                INVITATIONS_URL, {"email": email, "role": role}, format="json"
            )
        assert response.status_code in {HTTPStatus.CREATED, HTTPStatus.OK}

    return invite


@pytest.fixture
def invite_and_get_token(invite_through_api):
    def invite(email: str, role: str = "member") -> str:
        invite_through_api(email, role)
        return last_mail_field("token")

    return invite
