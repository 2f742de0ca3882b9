"""Shared by the invitation tests: an invitation made through the API, and its mailed token."""

from http import HTTPStatus

import pytest
from django.core import mail

from tests.fixtures.mail import last_mail_field
from tests.fixtures.urls import INVITATIONS_URL


@pytest.fixture
def invite_and_get_token(tenant_owner, tenant_client, django_capture_on_commit_callbacks):
    def invite(email: str, role: str = "member") -> str:
        mail.outbox.clear()
        # The mail leaves when the invitation commits: the test's transaction stands in.
        with django_capture_on_commit_callbacks(execute=True):
            response = tenant_client(tenant_owner).post(
                INVITATIONS_URL, {"email": email, "role": role}, format="json"
            )
        assert response.status_code in {HTTPStatus.CREATED, HTTPStatus.OK}
        return last_mail_field("token")

    return invite
