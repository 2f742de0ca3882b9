"""A new owner's set-password mail is a platform job: provisioning and the resend endpoint
answer `queued` at once whatever the mail server does, a worker sends the mail (retried
with back-off when the server refuses), neither the job's row nor its message holds the
token (the job carries the user's id and makes the token when it sends), and a job whose
owner has meanwhile chosen a password sends nothing. The worker is played by this process
(the job delivered as a worker would) on a real broker, on a queue of the test's own."""

import json
import time
from http import HTTPStatus

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from shared_apps.accounts.models import User
from tenants.models import Job, JobState
from tenants.services.owner_mail import owner_password_mail
from tests.fixtures.committed import in_own_connection
from tests.fixtures.jobs import delivered_in_own_connection
from tests.fixtures.mail import last_mail_field, mailed_link
from tests.fixtures.races import committed_platform_admin_token, post, race_email
from tests.fixtures.urls import ORGANIZATIONS_URL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("race_cleanup")]
OWNER_EMAIL = race_email("job-owner")
PASSWORD = "a-long-good-password-42"


@pytest.fixture(autouse=True)
def _jobs_removed():
    yield
    in_own_connection(lambda: Job.objects.all().delete())


def create_organization(root_host: str, token: str):
    payload = {"name": "Owner Mail", "slug": "ownermail", "owner_email": OWNER_EMAIL}
    return post(root_host, token, ORGANIZATIONS_URL, payload)


def owner_mail_jobs() -> list[Job]:
    return list(Job.objects.filter(task=owner_password_mail.name).order_by("pk"))


def test_the_create_answers_queued_at_once_and_the_job_sends_a_link_that_works(
    broker_queue, root_host, smtp_silent, settings
):
    settings.EMAIL_TIMEOUT = 5  # sent in the request, the mail would hold it 5 s
    admin = committed_platform_admin_token()

    started = time.monotonic()
    response = create_organization(root_host, admin)
    elapsed = time.monotonic() - started

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["mail"] == {"status": "queued"}
    assert elapsed < 4
    assert mail.outbox == []
    owner = User.objects.get(email=OWNER_EMAIL)
    [job] = owner_mail_jobs()
    assert (job.state, job.organization_id, job.schema_name) == (JobState.QUEUED, None, "public")
    assert job.kwargs == {"user_id": owner.pk}
    assert broker_queue.job_ids() == [job.pk]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert delivered_in_own_connection(owner_password_mail, job.pk).state == JobState.SUCCEEDED
    assert [message.to for message in mail.outbox] == [[OWNER_EMAIL]]
    assert "/password/set/?uid=" in mailed_link(mail.outbox[0].body)
    payload = {
        "uid": last_mail_field("uid"),
        "token": last_mail_field("token"),
        "password": PASSWORD,
    }
    set_password = in_own_connection(
        lambda: APIClient(HTTP_HOST=root_host).post(
            "/api/v1/auth/password/set/", payload, format="json"
        )
    )
    assert set_password.status_code == HTTPStatus.NO_CONTENT, set_password.content


def test_the_token_is_in_the_mail_only_never_in_the_job_or_its_message(broker_queue, root_host):
    create_organization(root_host, committed_platform_admin_token())
    [job] = owner_mail_jobs()
    delivered_in_own_connection(owner_password_mail, job.pk)

    token = last_mail_field("token")
    assert len(token) >= 20
    assert token not in json.dumps(job.kwargs)
    assert token not in json.dumps(broker_queue.messages())


def test_a_refused_mail_is_retried_with_back_off(broker_queue, root_host, smtp_down):
    create_organization(root_host, committed_platform_admin_token())
    [job] = owner_mail_jobs()

    job = delivered_in_own_connection(owner_password_mail, job.pk)

    assert (job.state, job.attempts) == (JobState.QUEUED, 1)
    assert job.error.startswith("ConnectionRefusedError")
    assert 25 < (job.run_after - timezone.now()).total_seconds() <= 30
    assert broker_queue.job_ids() == [job.pk, job.pk]  # published again, with that delay


def test_the_resend_endpoint_answers_queued_and_enqueues_another_job(broker_queue, root_host):
    admin = committed_platform_admin_token()
    create_organization(root_host, admin)

    resent = post(root_host, admin, f"{ORGANIZATIONS_URL}ownermail/owner/resend-set-password/")

    assert resent.status_code == HTTPStatus.OK, resent.content
    assert resent.json() == {"email": OWNER_EMAIL, "mail": {"status": "queued"}}
    assert len(owner_mail_jobs()) == 2


def test_a_job_whose_owner_has_chosen_a_password_sends_nothing(broker_queue, root_host):
    create_organization(root_host, committed_platform_admin_token())
    [job] = owner_mail_jobs()

    def choose_password() -> None:
        owner = User.objects.get(email=OWNER_EMAIL)
        owner.set_password(PASSWORD)
        owner.is_active = True
        owner.save()

    in_own_connection(choose_password)

    assert delivered_in_own_connection(owner_password_mail, job.pk).state == JobState.SUCCEEDED
    assert mail.outbox == []


def test_a_job_whose_owner_is_gone_sends_nothing(broker_queue, root_host):
    create_organization(root_host, committed_platform_admin_token())
    [job] = owner_mail_jobs()
    in_own_connection(lambda: Job.objects.filter(pk=job.pk).update(kwargs={"user_id": 0}))

    assert delivered_in_own_connection(owner_password_mail, job.pk).state == JobState.SUCCEEDED
    assert mail.outbox == []
