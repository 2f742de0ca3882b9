"""The admin's create form says when the new owner's set-password mail failed."""

from http import HTTPStatus

import pytest
from django.test import Client

from shared_apps.accounts.models import User
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import committed_user, race_email

pytestmark = pytest.mark.django_db


def test_the_add_form_warns_that_the_set_password_mail_failed(smtp_down, race_cleanup, root_host):
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
        f"set-password mail to {owner_email} could not be sent" in message for message in shown
    ), shown
