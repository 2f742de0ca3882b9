"""The invitation mail is a job: the API answers `queued` at once whatever the mail server
does, a worker sends the mail (retried with back-off when the server refuses), neither the
job's row nor its message holds the token, and an older job made stale by a re-invite sends
nothing. The worker is played by this process (the job delivered as a worker would), on a
real broker: these tests publish to a queue of their own on the machine's Redis."""

import json
import time
from http import HTTPStatus

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from tenant_apps.invitations.jobs import invitation_mail
from tenants.models import Job, JobState, Organization, OrganizationStatus
from tenants.services.provisioning import organization_create
from tests.fixtures.committed import in_own_connection
from tests.fixtures.jobs import delivered_in_own_connection
from tests.fixtures.mail import last_mail_field, mailed_link
from tests.fixtures.races import committed_user, post, race_email

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup")]
INVITEE = race_email("job-invitee")


@pytest.fixture
def inviter():
    """A committed organization's owner: (host, token)."""
    owner, token = committed_user("job-inviter")
    organization = in_own_connection(
        lambda: organization_create(name="Mail Job", slug="mailjob", owner_email=owner.email)
    )
    return organization.primary_hostname, token


@pytest.fixture(autouse=True)
def _jobs_removed():
    yield
    in_own_connection(lambda: Job.objects.all().delete())


def invite(host: str, token: str):
    return post(host, token, "/api/v1/invitations/", {"email": INVITEE, "role": "member"})


def mail_jobs() -> list[Job]:
    return list(Job.objects.filter(task="invitations.mail").order_by("pk"))


def test_the_api_answers_queued_at_once_and_the_job_sends_the_mail(
    broker_queue, inviter, smtp_silent, settings
):
    settings.EMAIL_TIMEOUT = 5  # sent in the request, the mail would hold it 5 s
    host, token = inviter

    started = time.monotonic()
    response = invite(host, token)
    elapsed = time.monotonic() - started

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["mail"] == {"status": "queued"}
    assert elapsed < 2
    assert mail.outbox == []
    [job] = mail_jobs()
    assert (job.state, job.schema_name) == (JobState.QUEUED, "org_mailjob")
    assert broker_queue.job_ids() == [job.pk]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivered_in_own_connection(invitation_mail, job.pk).state == JobState.SUCCEEDED
    assert [message.to for message in mail.outbox] == [[INVITEE]]
    assert "/invitations/accept/?token=" in mailed_link(mail.outbox[0].body)


def test_the_token_is_in_the_mail_only_never_in_the_job_or_its_message(broker_queue, inviter):
    invite(*inviter)
    [job] = mail_jobs()
    delivered_in_own_connection(invitation_mail, job.pk)

    token = last_mail_field("token")
    assert len(token) >= 40
    assert token not in json.dumps(job.kwargs)
    assert token not in json.dumps(broker_queue.messages())


def test_a_refused_mail_is_retried_with_back_off(broker_queue, inviter, smtp_down):
    invite(*inviter)
    [job] = mail_jobs()

    job = delivered_in_own_connection(invitation_mail, job.pk)

    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert job.error.startswith("ConnectionRefusedError")
    assert 25 < (job.run_after - timezone.now()).total_seconds() <= 30
    assert broker_queue.job_ids() == [job.pk, job.pk]  # published again, with that delay


def test_a_mail_job_made_stale_by_a_reinvite_sends_nothing(broker_queue, inviter):
    host, token = inviter
    invite(host, token)
    reinvited = invite(host, token)
    assert reinvited.status_code == HTTPStatus.OK
    first, second = mail_jobs()

    assert delivered_in_own_connection(invitation_mail, first.pk).state == JobState.SUCCEEDED
    assert mail.outbox == []  # its token was replaced by the re-invite's
    assert delivered_in_own_connection(invitation_mail, second.pk).state == JobState.SUCCEEDED
    assert [message.to for message in mail.outbox] == [[INVITEE]]

    payload = {"token": last_mail_field("token"), "password": "a-long-good-password-42"}
    accepted = in_own_connection(
        lambda: APIClient(HTTP_HOST=host).post(
            "/api/v1/invitations/accept/", payload, format="json"
        )
    )
    assert accepted.status_code == HTTPStatus.OK, accepted.content


def test_a_mail_job_of_a_suspended_organization_is_dropped(broker_queue, inviter):
    invite(*inviter)
    [job] = mail_jobs()
    suspended = OrganizationStatus.SUSPENDED
    in_own_connection(lambda: Organization.objects.filter(slug="mailjob").update(status=suspended))

    job = delivered_in_own_connection(invitation_mail, job.pk)

    assert (job.state, job.error) == (JobState.DROPPED, "organization_suspended")
    assert mail.outbox == []
