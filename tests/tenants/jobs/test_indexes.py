"""The outbox's hot reads are served by indexes of their own, not by scanning every job row
(there are about one per organization and day for each chore, kept JOBS_RETENTION_DAYS): the
fan-out's check for this period's jobs, and the count of an organization's jobs in flight
(the publisher's and the relay's). On an outbox of some thousands of finished rows, as a
day's run leaves it, and analyzed, with sequential scans priced out, the plan must name the
index; without it the planner filters the primary key's scan of every row. (On an empty
table every plan costs the same, and servers differ in which they pick.)"""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tenants.jobs.fairness import in_flight, round_robin_query
from tenants.jobs.schedule import jobs_of_period
from tenants.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def a_days_outbox():
    """3,000 finished jobs: 30 chores' daily rows of 100 organizations."""
    Job.objects.bulk_create(
        Job(
            task=f"chore.{number % 30}",
            kwargs={"period": f"86400:{number % 7}"},
            organization_id=number % 100,
            schema_name=f"org_{number % 100}",
            state="succeeded",
            published_at=timezone.now(),
        )
        for number in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Job._meta.db_table}")


def plan_of(sql: str, params) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def queryset_plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    return plan_of(sql, params)


def test_the_fan_outs_check_uses_the_chore_index():
    queryset = jobs_of_period(
        task_name="projects.purge_deleted", period="86400:1", organization_ids=[1, 2]
    )

    assert "tenants_job_chore" in queryset_plan(queryset)


def test_the_in_flight_count_uses_the_in_flight_index():
    queryset = in_flight(organization_ids={1, 2}, now=timezone.now())

    assert "tenants_job_in_flight" in queryset_plan(queryset)


def test_the_relays_round_robin_counts_in_flight_jobs_by_that_index():
    sql, params = round_robin_query(cap=20, batch=100, now=timezone.now(), held=[1, 2])

    assert "tenants_job_in_flight" in plan_of(sql, params)
