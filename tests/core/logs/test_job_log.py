"""A job logs like a request and a command: every line written while it runs names the job,
its row and its organization, and one line at its end says what became of it."""

import pytest

from tenants.jobs import enqueue
from tenants.models import Organization, OrganizationStatus
from tests.fixtures.job_tasks import EAGER_RUNS, fail, observe
from tests.fixtures.mail import mail_sent_on_commit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_eager_runs_yet")]


def job_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line.get("event") == "job"]


def test_a_job_ends_with_one_line_naming_it_its_organization_and_its_outcome(tenant, json_log):
    with mail_sent_on_commit(), tenant:
        job = enqueue(observe, label="logged")

    (line,) = job_lines(json_log())
    assert line["job"] == "tests.jobs.observe"
    assert line["job_id"] == job.pk
    assert line["organization"] == tenant.slug
    assert line["status"] == "succeeded"
    assert line["duration_ms"] >= 0
    assert line["request_id"]


def test_lines_written_inside_a_failing_job_carry_its_fields_and_the_traceback(tenant, json_log):
    with mail_sent_on_commit(), tenant:
        job = enqueue(fail, label="broken")

    lines = json_log()
    (end,) = job_lines(lines)
    assert (end["status"], end["organization"]) == ("failed", tenant.slug)
    failure = next(line for line in lines if line.get("traceback") and line.get("job_id") == job.pk)
    assert failure["job"] == "tests.jobs.fail"
    assert failure["organization"] == tenant.slug
    assert failure["request_id"] == end["request_id"]


def test_a_dropped_job_says_so(tenant, json_log):
    with mail_sent_on_commit(), tenant:
        Organization.objects.filter(pk=tenant.pk).update(status=OrganizationStatus.SUSPENDED)
        enqueue(observe, label="never runs")

    (end,) = job_lines(json_log())
    assert end["status"] == "dropped"
    assert EAGER_RUNS == []
