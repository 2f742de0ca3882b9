"""Fairness between organizations (docs/architecture.md, "Jobs"): one organization's flood
never stands between another organization's job and a worker.

An organization has at most JOBS_IN_FLIGHT_PER_ORGANIZATION jobs handed to the broker and
not yet finished; its other jobs wait in the outbox (pending, due). So the broker's one
queue holds at most that many jobs of any one organization, and a job of another
organization, published at once, waits behind those at most. Publishers keep to the cap:
- after a commit, of the jobs that transaction enqueued, those the cap leaves room for;
- the relay, the due jobs round-robin across organizations (each organization's oldest
  first, one of each per round), within each one's room;
- a worker, when a job ends, its organization's next waiting jobs (`jobs_publish_next`),
  so a flood drains as fast as the workers run it, not at the relay's pace.

The cap is a fairness rule, not a guarantee: publishers at once may overshoot it by a few,
and a row queued or running for longer than IN_FLIGHT_STALE stops counting (its message may
be lost with the broker's data, or its worker died), so it never blocks an organization.
0 turns fairness off: the outbox is published in order, first come first served.
"""

import time
from collections.abc import Collection
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, QuerySet

from tenants.models import Job, JobState

IN_FLIGHT_STALE = timedelta(minutes=10)
IN_FLIGHT = (JobState.QUEUED, JobState.RUNNING)
# Organizations a publish after commit found at their cap, and until when (monotonic) that
# is taken as still true in this process: the other jobs of a bulk enqueue (thousands of
# hooks after one commit) stay in the outbox without a query each. They are not forgotten:
# every job that ends publishes its organization's next (never skipped), and the relay.
FULL_FOR_SECONDS = 1.0
_full_until: dict[int, float] = {}


def known_full(organization_id: int) -> bool:
    return _full_until.get(organization_id, 0.0) > time.monotonic()


def forget_full() -> None:
    _full_until.clear()


def in_flight_cap() -> int:
    return int(settings.JOBS_IN_FLIGHT_PER_ORGANIZATION)


def in_flight(*, organization_ids: set[int | None], now: datetime) -> QuerySet[Job]:
    """These organizations' jobs handed to the broker and not finished (nor stale)."""
    return Job.objects.filter(
        state__in=IN_FLIGHT,
        published_at__gte=now - IN_FLIGHT_STALE,
        organization_id__in=organization_ids,
    )


def within_caps(jobs: list[Job], *, cap: int, now: datetime) -> list[Job]:
    """Of `jobs` (in their order), those their organization's cap leaves room for."""
    if not cap or not jobs:
        return jobs
    counts = dict(
        in_flight(organization_ids={job.organization_id for job in jobs}, now=now)
        .values("organization_id")
        .annotate(count=Count("id"))
        .values_list("organization_id", "count")
    )
    kept = []
    for job in jobs:
        if counts.get(job.organization_id, 0) < cap:
            kept.append(job)
            counts[job.organization_id] = counts.get(job.organization_id, 0) + 1
        elif job.organization_id is not None:
            _full_until[job.organization_id] = time.monotonic() + FULL_FOR_SECONDS
    return kept


# Each organization's due pending rows numbered oldest first (its turn), kept while the turn
# fits in its room under the cap, then taken turn by turn: one of each organization a round.
# Rows already held (taken by this publisher, or locked by another that is sending them) are
# not chosen again and count as in flight.
ROUND_ROBIN = """
WITH flight AS (
    SELECT organization_id, count(*) AS jobs FROM (
        SELECT organization_id FROM {table}
        WHERE state IN ('queued', 'running') AND published_at >= %(stale)s
        UNION ALL
        SELECT organization_id FROM {table} WHERE id = ANY(%(held)s)
    ) AS busy
    GROUP BY organization_id
), due AS (
    SELECT id, organization_id,
           row_number() OVER (PARTITION BY organization_id ORDER BY id) AS turn
    FROM {table}
    WHERE state = 'pending' AND (run_after IS NULL OR run_after <= %(now)s)
      AND id <> ALL(%(held)s)
)
SELECT due.id FROM due LEFT JOIN flight ON flight.organization_id = due.organization_id
WHERE due.turn <= %(cap)s - coalesce(flight.jobs, 0)
ORDER BY due.turn, due.id
LIMIT %(batch)s
"""


def round_robin_query(
    *, cap: int, batch: int, now: datetime, held: Collection[int] = ()
) -> tuple[str, dict]:
    query = ROUND_ROBIN.format(table=connection.ops.quote_name(Job._meta.db_table))
    parameters = {
        "stale": now - IN_FLIGHT_STALE,
        "now": now,
        "cap": cap,
        "batch": batch,
        "held": list(held),
    }
    return query, parameters


def due_round_robin(
    *, cap: int, batch: int, now: datetime, held: Collection[int] = ()
) -> list[int]:
    """The ids of the due pending jobs to publish next (the relay's), in the order to send
    them, past the rows `held`."""
    with connection.cursor() as cursor:
        cursor.execute(*round_robin_query(cap=cap, batch=batch, now=now, held=held))
        return [row[0] for row in cursor.fetchall()]
