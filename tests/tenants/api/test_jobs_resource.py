"""The platform's job resource (`GET /api/v1/platform/jobs/{id}/`): what a platform admin
polls after a 202. Platform jobs only: an organization's jobs are not the platform API's to
show (tests/isolation/test_platform_endpoints.py: everyone else gets 401 or 403)."""

from http import HTTPStatus

import pytest

from tenants.jobs import enqueue
from tests.fixtures.backups import job_outcome, purge
from tests.fixtures.job_tasks import observe
from tests.fixtures.mail import mail_sent_on_commit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir")]
JOBS_URL = "/api/v1/platform/jobs/"


def test_a_job_resource_says_state_progress_result_and_error(archived, platform_client):
    job = job_outcome(platform_client, purge(platform_client, archived.slug))

    assert set(job) == {
        "id",
        "url",
        "kind",
        "state",
        "progress",
        "result",
        "error",
        "created_at",
        "finished_at",
    }
    assert job["url"].endswith(f"{JOBS_URL}{job['id']}/")
    assert job["finished_at"] is not None


def test_an_unknown_job_is_a_json_404(platform_client):
    response = platform_client.get(f"{JOBS_URL}999999999/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "job_not_found"


def test_an_organizations_job_is_not_shown(platform_client, tenant):
    with mail_sent_on_commit(), tenant:
        job = enqueue(observe, label="the organization's own")

    response = platform_client.get(f"{JOBS_URL}{job.pk}/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["code"] == "job_not_found"


def test_a_job_id_that_is_not_a_number_is_a_json_404(platform_client):
    response = platform_client.get(f"{JOBS_URL}abc/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"].startswith("application/json")
