from http import HTTPStatus

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_admin_is_served_on_the_root_domain_to_platform_admins(platform_admin, root_host):
    client = Client(HTTP_HOST=root_host)
    client.force_login(platform_admin)
    for path in ("/admin/", "/admin/tenants/organization/", "/admin/accounts/user/"):
        assert client.get(path).status_code == HTTPStatus.OK, path


def test_the_admin_login_page_asks_for_an_email(root_host):
    response = Client(HTTP_HOST=root_host).get("/admin/login/")
    assert response.status_code == HTTPStatus.OK
    assert "Email" in response.content.decode()


def test_there_is_no_admin_on_organization_domains(platform_admin, tenant_host):
    client = Client(HTTP_HOST=tenant_host)
    client.force_login(platform_admin)
    assert client.get("/admin/").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize(
    ("email", "error"),
    [("adm\u0131n@example.com", "ASCII"), ("Founder@Tenant.TEST", "already exists")],
)
def test_the_admin_refuses_a_look_alike_or_a_taken_address_in_another_case(
    email, error, platform_admin, root_host, tenant
):
    from shared_apps.accounts.models import User

    client = Client(HTTP_HOST=root_host)
    client.force_login(platform_admin)
    users = User.objects.count()

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": email,
            "password1": "a-long-good-password-42",
            "password2": "a-long-good-password-42",
        },
    )

    assert response.status_code == HTTPStatus.OK  # the form again, with the error
    assert error in response.content.decode()
    assert User.objects.count() == users
