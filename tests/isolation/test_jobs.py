"""Jobs of two organizations, interleaved on one real worker process (Redis, `celery
worker --pool solo`, one database connection), with failures injected between them: a job
that switches to the other organization's schema and raises, and one that does so after a
savepoint and rolls the savepoint back. Each organization's schema holds a marker; every
job reads the markers it can see and writes a row into the schema it runs in. A job that
saw or wrote the other organization's rows is counted wrong. The same plan runs eagerly
(no broker, in this process) too."""

import os
from collections import Counter

import pytest
from django.db import connection

from tenants.jobs import enqueue
from tenants.models import Job, JobState
from tests.fixtures.committed import in_own_connection
from tests.fixtures.job_tasks import mark, raise_elsewhere, savepoint_elsewhere
from tests.fixtures.jobs import add_marks_table, seen_marks, wait_for_jobs
from tests.fixtures.mail import mail_sent_on_commit

pytestmark = pytest.mark.django_db
ROUNDS = 30  # each round: one job per organization, then one that misbehaves


def plan(first, second) -> list[tuple]:
    jobs = []
    for number in range(ROUNDS):
        jobs.append((first, mark, {"slug": first.slug, "number": number}))
        jobs.append((second, mark, {"slug": second.slug, "number": number}))
        if number % 2:
            jobs.append((first, raise_elsewhere, {"other_schema": second.schema_name}))
        else:
            jobs.append((second, savepoint_elsewhere, {"other_schema": first.schema_name}))
    return jobs


def enqueue_all(jobs: list[tuple]) -> list[int]:
    """One transaction per job, each published as it commits, in this order."""
    ids = []
    for organization, task, kwargs in jobs:
        with organization:
            ids.append(enqueue(task, **kwargs).pk)
    return ids


def assert_each_saw_and_wrote_only_its_own(first, second, read_marks) -> None:
    outcomes: Counter = Counter()
    for organization in (first, second):
        marks = read_marks(organization)
        for label, _pid in marks:
            slug, _number, verdict = label.split(":")
            right = slug == organization.slug and verdict == "ok"
            outcomes["own, right" if right else "wrong"] += 1
        numbers = sorted(int(label.split(":")[1]) for label, _ in marks)
        assert numbers == list(range(ROUNDS)), organization.slug
    assert outcomes == Counter({"own, right": 2 * ROUNDS})


def assert_finished_as_planned(jobs) -> None:
    states = Counter((job.task, job.state) for job in jobs)
    assert states == Counter(
        {
            ("tests.jobs.mark", JobState.SUCCEEDED): 2 * ROUNDS,
            ("tests.jobs.raise_elsewhere", JobState.FAILED): ROUNDS // 2,
            ("tests.jobs.savepoint_elsewhere", JobState.SUCCEEDED): ROUNDS // 2,
        }
    )


@pytest.mark.worker
def test_interleaved_jobs_on_a_worker_never_see_or_touch_the_other_organizations_rows(
    through_the_worker, marked_organizations
):
    first, second = marked_organizations("jobs-first", "jobs-second")

    ids = in_own_connection(enqueue_all, plan(first, second))

    assert_finished_as_planned(wait_for_jobs(through_the_worker, ids).values())
    assert_each_saw_and_wrote_only_its_own(first, second, seen_marks)
    if not os.environ.get("TENANTRY_TEST_POOLER"):  # a pooler hands out server connections
        # One connection served every job, so a path left behind had every chance to leak.
        pids = {pid for organization in (first, second) for _, pid in seen_marks(organization)}
        assert len(pids) == 1


def seen_here(organization) -> list[tuple[str, int]]:
    with organization, connection.cursor() as cursor:
        cursor.execute("SELECT label, pid FROM job_marks WHERE kind = 'seen' ORDER BY id")
        return cursor.fetchall()


def test_interleaved_eager_jobs_never_see_or_touch_the_other_organizations_rows(
    tenant, second_tenant
):
    for organization in (tenant, second_tenant):
        add_marks_table(organization)  # in the test's transaction, rolled back with it

    with mail_sent_on_commit():
        ids = enqueue_all(plan(tenant, second_tenant))

    assert_finished_as_planned(Job.objects.filter(pk__in=ids))
    assert_each_saw_and_wrote_only_its_own(tenant, second_tenant, seen_here)
    assert connection.schema_name == "public"
