"""A side effect run after a commit (a hook registered with `transaction.on_commit`) that
fails must not turn the committed write into a 500: the caller would retry and get a 409."""

from http import HTTPStatus

import pytest

from tenants.models import Job, JobState, Organization
from tenants.services.spare_refill import spares_refill
from tests.fixtures.committed import in_own_connection
from tests.fixtures.jobs import broker_unreachable, jobs_published_to
from tests.fixtures.races import committed_platform_admin_token, post, race_email

pytestmark = pytest.mark.django_db


def test_a_spare_refill_whose_broker_is_down_leaves_the_create_a_201_and_the_job_waiting(
    race_cleanup, root_host, settings, redis_broker
):
    """The refill is a job (README "Background jobs"): published after the commit, it meets
    a broker that refuses, and the row waits for the relay."""
    settings.TENANT_SPARE_SCHEMAS = 1
    admin = committed_platform_admin_token()

    with jobs_published_to(redis_broker, "tests-never-consumed"), broker_unreachable():
        response = post(
            root_host,
            admin,
            "/api/v1/platform/organizations/",
            {
                "name": "Refill Fault",
                "slug": "refill-fault",
                "owner_email": race_email("refill-owner"),
            },
        )

    try:
        assert response.status_code == HTTPStatus.CREATED, response.content
        assert in_own_connection(lambda: Organization.objects.filter(slug="refill-fault").exists())
        refill = in_own_connection(lambda: Job.objects.get(task=spares_refill.name))
        assert (refill.state, refill.organization_id) == (JobState.PENDING, None)
    finally:
        in_own_connection(lambda: Job.objects.all().delete())
