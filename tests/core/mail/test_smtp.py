"""Mail through a real SMTP server (aiosmtpd on a loopback port) with the configuration
production reads from EMAIL_URL: what arrives, and that its link opens the page it names."""

from http import HTTPStatus

import pytest
from django.test import Client

from tests.fixtures.mail import mailed_link
from tests.fixtures.pages import assert_page, host_of_link, path_of
from tests.fixtures.startup import STARTS, start_production
from tests.fixtures.urls import INVITATIONS_URL, ORGANIZATIONS_URL

SEND = (
    "import django; django.setup(); from django.core.mail import send_mail; "
    "send_mail('Hello from production', 'Sent through EMAIL_URL.', None, ['ops@example.com'])"
)


def test_production_sends_through_the_smtp_server_its_email_url_names(smtp_server):
    result = start_production(
        SEND, **STARTS, EMAIL_URL=smtp_server.url, TENANT_BASE_DOMAIN="example.com"
    )

    assert result.returncode == 0, result.stderr
    (message,) = smtp_server.received
    assert message["Subject"] == "Hello from production"
    assert message["From"] == "Tenantry <no-reply@example.com>"
    assert message["To"] == "ops@example.com"
    assert smtp_server.body_of(message).strip() == "Sent through EMAIL_URL."


@pytest.mark.django_db
def test_an_invitation_arrives_and_its_link_opens_the_accept_page(
    settings, production_mail, tenant_owner, tenant_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant_client(tenant_owner).post(
            INVITATIONS_URL, {"email": "smtp.invitee@example.com", "role": "member"}, format="json"
        )
    assert response.status_code == HTTPStatus.CREATED

    (message,) = production_mail.received
    assert message["To"] == "smtp.invitee@example.com"
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["Subject"] == "You are invited to Tenant Org on Tenantry"
    link = mailed_link(production_mail.body_of(message))
    page = Client(HTTP_HOST=host_of_link(link)).get(path_of(link))
    assert_page(page)
    assert b"Join Tenant Org" in page.content


@pytest.mark.django_db
def test_a_set_password_mail_arrives_and_its_link_opens_the_page(
    production_mail, platform_admin, client_for, root_host, django_capture_on_commit_callbacks
):
    payload = {"name": "Smtp Org", "slug": "smtp-org", "owner_email": "smtp.owner@example.com"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(root_host, platform_admin).post(
            ORGANIZATIONS_URL, payload, format="json"
        )
    assert response.status_code == HTTPStatus.CREATED

    (message,) = production_mail.received
    assert message["To"] == "smtp.owner@example.com"
    assert message["Subject"] == "Set your Tenantry password"
    link = mailed_link(production_mail.body_of(message))
    assert host_of_link(link) == root_host
    page = Client(HTTP_HOST=root_host).get(path_of(link))
    assert_page(page)
    assert b"smtp.owner@example.com" in page.content
