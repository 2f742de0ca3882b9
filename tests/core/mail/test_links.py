"""Links in mail carry the scheme and port the organization is served on, and lead to the
pages that act on them (or to a team's own front end: INVITATION_URL, SET_PASSWORD_URL)."""

import os
import subprocess
import sys

import pytest
from django.core import mail

from tenant_apps.invitations.services import invitation_create
from tenants.services.provisioning import organization_create
from tests.fixtures.mail import mailed_link
from tests.fixtures.pages import query_of
from tests.fixtures.startup import STARTS, start_production

PRINT_LINKS = (
    "import django; django.setup(); from core.links import platform_url, site_url; "
    "print(site_url('acme.' + __import__('django.conf').conf.settings.TENANT_BASE_DOMAIN, "
    "'/api/v1/invitations/accept/')); print(platform_url('/api/v1/auth/password/set/'))"
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("scheme", "port", "organization_link", "platform_link"),
    [
        (
            "http",
            "8000",
            "http://tenant.testserver.local:8000/invitations/accept/?token=",
            "http://testserver.local:8000/password/set/?uid=",
        ),
        (
            "https",
            "",
            "https://tenant.testserver.local/invitations/accept/?token=",
            "https://testserver.local/password/set/?uid=",
        ),
    ],
)
def test_mailed_links_use_the_configured_scheme_and_port(
    scheme,
    port,
    organization_link,
    platform_link,
    settings,
    tenant,
    tenant_owner,
    django_capture_on_commit_callbacks,
):
    settings.TENANT_URL_SCHEME, settings.TENANT_URL_PORT = scheme, port
    with django_capture_on_commit_callbacks(execute=True), tenant:
        invitation_create(
            organization=tenant, actor=tenant_owner, email="linked@example.com", role="member"
        )
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Linked", slug="linked", owner_email="new@example.com")

    invitation_mail, password_mail = mail.outbox
    assert organization_link in invitation_mail.body
    assert platform_link in password_mail.body


def test_production_links_are_https_without_a_port():
    result = start_production(PRINT_LINKS, **STARTS, TENANT_BASE_DOMAIN="example.com")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "https://acme.example.com/api/v1/invitations/accept/",
        "https://example.com/api/v1/auth/password/set/",
    ]


def test_make_run_links_carry_the_port_it_serves_on():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "PLATFORM_URL", "TENANT_BASE_DOMAIN"}
    }
    environment.update(DJANGO_SETTINGS_MODULE="core.settings.local", PORT="8000")
    result = subprocess.run(
        [sys.executable, "-c", PRINT_LINKS],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "http://acme.localhost:8000/api/v1/invitations/accept/",
        "http://localhost:8000/api/v1/auth/password/set/",
    ]


@pytest.mark.django_db
def test_platform_url_when_set_is_the_address_in_the_set_password_mail(
    settings, django_capture_on_commit_callbacks
):
    settings.PLATFORM_URL = "https://app.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Linked", slug="linked", owner_email="new@example.com")

    (password_mail,) = mail.outbox
    assert "https://app.example.org/password/set/?uid=" in password_mail.body


@pytest.mark.django_db
def test_a_team_with_its_own_front_end_gets_its_links_in_the_mail(
    settings, tenant, tenant_owner, django_capture_on_commit_callbacks
):
    settings.INVITATION_URL = "https://app.example.org/join/{organization}?t={token}&d={domain}"
    settings.SET_PASSWORD_URL = "https://app.example.org/welcome#{uid}/{token}"
    with django_capture_on_commit_callbacks(execute=True), tenant:
        invitation_create(
            organization=tenant, actor=tenant_owner, email="front@example.com", role="member"
        )
    with django_capture_on_commit_callbacks(execute=True):
        organization_create(name="Linked", slug="linked", owner_email="new@example.com")

    invitation_mail, password_mail = mail.outbox
    invitation_link = mailed_link(invitation_mail.body)
    assert invitation_link.startswith("https://app.example.org/join/tenant?t=")
    assert query_of(invitation_link)["d"] == "tenant.testserver.local"
    assert len(query_of(invitation_link)["t"]) >= 40
    assert "/invitations/accept/" not in invitation_mail.body
    password_link = mailed_link(password_mail.body)
    uid, token = password_link.removeprefix("https://app.example.org/welcome#").split("/")
    assert uid
    assert token
    assert "/password/set/" not in password_mail.body


@pytest.mark.parametrize(
    ("variable", "template"),
    [
        ("INVITATION_URL", "https://app.example.org/join"),  # no {token}: useless
        ("INVITATION_URL", "https://app.example.org/join?t={token}&u={user}"),
        ("SET_PASSWORD_URL", "https://app.example.org/welcome?t={token}"),  # no {uid}
        ("SET_PASSWORD_URL", "https://app.example.org/welcome?u={uid}&t={token!r}"),
    ],
)
def test_a_link_template_with_unknown_or_missing_placeholders_stops_the_start(variable, template):
    result = start_production(**STARTS, **{variable: template})
    assert result.returncode != 0
    assert variable in result.stderr


def test_link_templates_with_their_placeholders_start():
    result = start_production(
        **STARTS,
        INVITATION_URL="https://{domain}/join/{organization}?token={token}",
        SET_PASSWORD_URL="https://app.example.org/welcome?uid={uid}&token={token}",
    )
    assert result.returncode == 0, result.stderr
