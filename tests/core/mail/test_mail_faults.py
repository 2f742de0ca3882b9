"""A mail server that is down never turns a committed write into a 500.

These requests run on connections of their own and really commit, so the mail is sent (or
fails) after the commit inside the request, as in production, and the answer reports it.
What they commit is removed at the end of each test (`race_cleanup`).
"""

import logging
import time
from http import HTTPStatus

import pytest
from django.core import mail

from shared_apps.accounts.models import User
from tenant_apps.invitations.models import Invitation
from tenants.models import Job, JobState, Organization
from tenants.services.provisioning import organization_create
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import committed_platform_admin_token, committed_user, post, race_email
from tests.fixtures.urls import ORGANIZATIONS_URL

pytestmark = pytest.mark.django_db
OWNER_EMAIL = race_email("mailfault-owner")


def mail_failures(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.levelno >= logging.ERROR
        and record.exc_info
        and isinstance(record.exc_info[1], ConnectionRefusedError)
    ]


def token_digest(invitation_id: int) -> str:
    # Read on a connection of its own: a read in the test's transaction would hold a lock
    # on the organization's table until the end, and the clean-up drops that schema.
    def read() -> str:
        with Organization.objects.get(slug="mailfault"):
            return Invitation.objects.get(pk=invitation_id).token_digest

    return in_own_connection(read)


def create_organization(root_host: str, token: str):
    payload = {"name": "Mail Fault", "slug": "mailfault", "owner_email": OWNER_EMAIL}
    return post(root_host, token, ORGANIZATIONS_URL, payload)


def owner_mail_job(owner: User) -> Job:
    return Job.objects.get(task="owners.password_mail", kwargs__user_id=owner.pk)


def test_a_create_whose_mail_fails_answers_201_queued_the_job_records_it_and_resend_works(
    smtp_down, race_cleanup, root_host, caplog, settings
):
    """The set-password mail is a job (README "Background jobs"): the answer says `queued`;
    run here eagerly (no broker), the job fails once, is logged and its row says so."""
    admin = committed_platform_admin_token()

    response = create_organization(root_host, admin)

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["slug"] == "mailfault"
    assert response.json()["mail"] == {"status": "queued"}
    assert Organization.objects.filter(slug="mailfault").exists()
    owner = User.objects.get(email=OWNER_EMAIL)
    (failure,) = mail_failures(caplog)
    assert "set-password link" in failure.getMessage()
    assert f"user {owner.pk}" in failure.getMessage()
    job = owner_mail_job(owner)
    assert (job.state, job.attempts) == (JobState.FAILED, 1)
    assert job.error.startswith("ConnectionRefusedError")

    # A retry of the create is a conflict: the resend endpoint is the way to the owner.
    retried = create_organization(root_host, admin)
    assert retried.status_code == HTTPStatus.CONFLICT
    assert retried.json()["code"] == "slug_taken"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resent = post(root_host, admin, f"{ORGANIZATIONS_URL}mailfault/owner/resend-set-password/")
    assert resent.status_code == HTTPStatus.OK, resent.content
    assert resent.json() == {"email": OWNER_EMAIL, "mail": {"status": "queued"}}
    assert mail.outbox[-1].to == [OWNER_EMAIL]
    assert "/password/set/?uid=" in mail.outbox[-1].body
    in_own_connection(lambda: Job.objects.all().delete())


def test_a_mail_server_that_never_answers_costs_the_create_at_most_email_timeout(
    smtp_silent, race_cleanup, root_host, caplog
):
    """Run eagerly (no broker), the job waits for the mail server after the commit, inside
    the request; with a worker the answer does not wait at all
    (tests/tenants/services/test_owner_mail_job.py)."""
    admin = committed_platform_admin_token()

    started = time.monotonic()
    response = create_organization(root_host, admin)
    elapsed = time.monotonic() - started

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["mail"] == {"status": "queued"}
    (failure,) = [
        record for record in caplog.records if record.levelno >= logging.ERROR and record.exc_info
    ]
    assert "timed out" in str(failure.exc_info[1])
    print(f"[mail] create with a silent SMTP server answered in {elapsed:.2f} s")
    assert elapsed < 1 + 5  # EMAIL_TIMEOUT, plus the provisioning itself
    in_own_connection(lambda: Job.objects.all().delete())


def test_a_create_whose_mail_is_sent_says_queued_and_the_mail_leaves(race_cleanup, root_host):
    admin = committed_platform_admin_token()

    response = create_organization(root_host, admin)

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["mail"] == {"status": "queued"}
    assert [message.to for message in mail.outbox] == [[OWNER_EMAIL]]
    in_own_connection(lambda: Job.objects.all().delete())


def test_an_invitation_whose_mail_fails_answers_201_queued_the_job_records_it_and_resend_works(
    smtp_down, race_cleanup, caplog, settings
):
    """The invitation mail is a job (README "Background jobs"): the answer says `queued`;
    run here eagerly (no broker), the job fails once, is logged and its row says so."""
    owner, token = committed_user("mailfault-inviter")
    host = in_own_connection(
        lambda: organization_create(name="Mail Fault", slug="mailfault", owner_email=owner.email)
    ).primary_hostname
    invitee = race_email("mailfault-invitee")

    response = post(host, token, "/api/v1/invitations/", {"email": invitee, "role": "member"})

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["mail"] == {"status": "queued"}
    invitation_id = response.json()["id"]
    first_digest = token_digest(invitation_id)
    (failure,) = mail_failures(caplog)
    assert f"invitation {invitation_id}" in failure.getMessage()
    job = Job.objects.get(schema_name="org_mailfault", kwargs__invitation_id=invitation_id)
    assert (job.state, job.attempts) == (JobState.FAILED, 1)
    assert job.error.startswith("ConnectionRefusedError")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resent = post(host, token, f"/api/v1/invitations/{invitation_id}/resend/")

    assert resent.status_code == HTTPStatus.OK, resent.content
    assert resent.json()["id"] == invitation_id
    assert resent.json()["mail"] == {"status": "queued"}
    assert mail.outbox[-1].to == [invitee]
    assert token_digest(invitation_id) != first_digest
    in_own_connection(lambda: Job.objects.all().delete())
