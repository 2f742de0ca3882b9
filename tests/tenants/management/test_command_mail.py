"""`manage.py create_organization` says what became of the owner's set-password mail."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import race_email

pytestmark = pytest.mark.django_db


def create_committed(slug: str) -> str:
    def run() -> str:
        out = StringIO()
        call_command(
            "create_organization",
            "--name",
            "Command Mail",
            "--slug",
            slug,
            "--owner-email",
            race_email(f"{slug}-owner"),
            stdout=out,
        )
        return out.getvalue()

    return in_own_connection(run)


def test_the_command_reports_a_queued_set_password_mail_and_how_to_resend_it(
    smtp_down, race_cleanup, settings
):
    settings.TENANT_URL_SCHEME, settings.TENANT_URL_PORT = "http", "8000"

    output = create_committed("command-mail")

    assert "http://command-mail.testserver.local:8000/" in output
    assert f"Set-password mail to {race_email('command-mail-owner')}: queued" in output
    assert "/api/v1/platform/organizations/command-mail/owner/resend-set-password/" in output


def test_the_command_reports_a_queued_set_password_mail_that_leaves(race_cleanup):
    output = create_committed("command-sent")

    assert f"Set-password mail to {race_email('command-sent-owner')}: queued" in output
    assert [message.to for message in mail.outbox] == [[race_email("command-sent-owner")]]
