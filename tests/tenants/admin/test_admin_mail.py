"""The admin's create form says that the new owner's set-password mail is queued, and how to
resend it should it not arrive (a job sends it: README "Background jobs")."""

from http import HTTPStatus

import pytest
from django.test import Client

from shared_apps.accounts.models import User
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import committed_user, race_email

pytestmark = pytest.mark.django_db


def test_the_add_form_says_the_set_password_mail_is_queued_and_how_to_resend_it(
    smtp_down, race_cleanup, root_host
):
    admin, _token = committed_user("admin-form")
    in_own_connection(
        lambda: User.objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    )
    owner_email = race_email("admin-form-owner")

    def create():
        client = Client(HTTP_HOST=root_host)
        client.force_login(User.objects.get(pk=admin.pk))
        return client.post(
            "/admin/tenants/organization/add/",
            {"name": "Admin Mail", "slug": "admin-mail", "owner_email": owner_email},
            follow=True,
        )

    response = in_own_connection(create)

    assert response.status_code == HTTPStatus.OK
    shown = [str(message) for message in response.context["messages"]]
    assert any(
        f"set-password mail to {owner_email} is queued" in message
        and "/api/v1/platform/organizations/admin-mail/owner/resend-set-password/" in message
        for message in shown
    ), shown
