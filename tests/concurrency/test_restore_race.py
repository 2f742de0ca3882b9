"""Three restores of one backup at the same moment: one organization comes back, the
other two are told the slug is taken (never a 500 from the schema catalog). A restore is a
job (README "Background jobs"), run eagerly here as each request commits: a restore is told
at once (409) when another has already come back, else by its job's row."""

from collections import Counter
from functools import partial
from http import HTTPStatus

import pytest
from django.db import connection
from psycopg import sql
from rest_framework.test import APIClient

from shared_apps.accounts.models import User
from shared_apps.accounts.services import access_token_issue
from tenants.models import Job, Organization
from tenants.services.backups import organization_purge
from tenants.services.lifecycle import organization_archive
from tests.fixtures.backups import RESTORE_URL
from tests.fixtures.committed import _create_committed_organization, in_own_connection
from tests.fixtures.races import answer, race_email, run_together
from tests.fixtures.schemas import schema_exists

pytestmark = pytest.mark.usefixtures("race_cleanup")
THREADS, ROUNDS = 3, 20
SLUG = "race-restore"
# Told at once, or by the job: the same refusal.
SLUG_TAKEN = {str((HTTPStatus.CONFLICT, "slug_taken")), "failed slug_taken"}


def purged_backup_and_admin_token() -> tuple[str, str]:
    organization = _create_committed_organization(SLUG)
    organization_archive(organization=organization)
    dump = organization_purge(organization=Organization.objects.get(pk=organization.pk))
    admin = User.objects.create_user(email=race_email("restorer"), password=None, is_staff=True)
    return dump.name, access_token_issue(user=admin)[0]


def outcome(response) -> str:
    if response.status_code != HTTPStatus.ACCEPTED:
        return str(answer(response))
    job = in_own_connection(lambda: Job.objects.get(pk=response.json()["id"]))
    return f"{job.state} {job.error_code}".strip()


def restored_then_dropped() -> tuple[int, bool]:
    """How many organizations came back under the slug (and whether their schema exists),
    then drop them for the next round."""
    restored = list(Organization.objects.filter(slug=SLUG))
    schema = schema_exists("org_race_restore")
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS org_race_restore CASCADE"))
    for organization in restored:
        organization.delete()
    return len(restored), schema


def test_three_restores_of_one_backup_at_once_bring_back_one_organization(settings, tmp_path):
    settings.TENANT_BACKUP_DIR = tmp_path  # seen by every thread
    backup, token = in_own_connection(purged_backup_and_admin_token)
    outcomes: Counter = Counter()
    for _round in range(ROUNDS):
        clients = [
            APIClient(HTTP_HOST=settings.TENANT_BASE_DOMAIN, HTTP_AUTHORIZATION=f"Bearer {token}")
            for _ in range(THREADS)
        ]
        responses = run_together(
            *(
                partial(client.post, RESTORE_URL, {"backup": backup}, format="json")
                for client in clients
            )
        )
        outcomes.update(
            "slug_taken" if outcome(response) in SLUG_TAKEN else outcome(response)
            for response in responses
        )
        count, schema = in_own_connection(restored_then_dropped)
        outcomes[f"organizations={count} schema={schema}"] += 1

    print(f"{ROUNDS} rounds of {THREADS} threads:", dict(outcomes))  # shown with -s
    assert outcomes == {
        "succeeded": ROUNDS,
        "slug_taken": ROUNDS * (THREADS - 1),
        "organizations=1 schema=True": ROUNDS,
    }
