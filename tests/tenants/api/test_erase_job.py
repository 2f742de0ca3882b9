"""Erasing a user who is in more organizations than ERASE_INLINE_ORGANIZATIONS is long (one
visit per schema, in one transaction): the platform API answers 202 with a job, as purge and
restore do, and the job's row keeps the outcome, never the person's email address."""

import json
from http import HTTPStatus

import pytest
from django.test import TestCase

from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenants.roles import Role
from tests.fixtures.backups import job_outcome

pytestmark = pytest.mark.django_db
URL = "/api/v1/platform/users/"


@pytest.fixture
def inline_up_to_one(settings):
    settings.ERASE_INLINE_ORGANIZATIONS = 1


def erase(platform_client, user_id: int):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return platform_client.delete(f"{URL}{user_id}/")


@pytest.mark.usefixtures("inline_up_to_one")
def test_a_user_in_more_organizations_is_erased_by_a_job(
    platform_client, make_member, tenant, second_tenant, assert_index_agrees
):
    user = make_member(tenant, Role.MEMBER, email="many@example.com")
    with second_tenant:
        membership_add(organization=second_tenant, user=user, role=Role.VIEWER)

    job = job_outcome(platform_client, erase(platform_client, user.pk))

    assert job["kind"] == "users.erase"
    assert job["state"] == "succeeded"
    assert job["result"] == {"user_id": user.pk, "organizations": 2}
    assert "many@example.com" not in json.dumps(job)
    assert not User.objects.filter(pk=user.pk).exists()
    assert_index_agrees()


@pytest.mark.usefixtures("inline_up_to_one")
def test_the_job_records_a_refusal_with_the_synchronous_code(
    platform_client, make_member, tenant, second_tenant
):
    with tenant:
        founder = Membership.objects.get(role=Role.OWNER).user
    with second_tenant:
        membership_add(organization=second_tenant, user=founder, role=Role.MEMBER)

    job = job_outcome(platform_client, erase(platform_client, founder.pk))

    assert job["state"] == "failed"
    assert job["error"]["code"] == "last_owner"
    assert "org_tenant" in job["error"]["detail"]
    assert User.objects.filter(pk=founder.pk).exists()


def test_a_user_in_few_organizations_is_still_erased_at_once(
    platform_client, make_member, tenant, second_tenant
):
    user = make_member(tenant, Role.MEMBER)
    with second_tenant:
        membership_add(organization=second_tenant, user=user, role=Role.VIEWER)

    assert erase(platform_client, user.pk).status_code == HTTPStatus.NO_CONTENT
    assert not User.objects.filter(pk=user.pk).exists()


def test_a_job_for_a_user_erased_meanwhile_says_so(platform_client, make_member, tenant, settings):
    settings.ERASE_INLINE_ORGANIZATIONS = 0
    user = make_member(tenant, Role.MEMBER)
    with TestCase.captureOnCommitCallbacks(execute=False) as pending:
        first = platform_client.delete(f"{URL}{user.pk}/")
        second = platform_client.delete(f"{URL}{user.pk}/")
    for publish in pending:
        publish()

    outcomes = [job_outcome(platform_client, response) for response in (first, second)]

    assert [job["state"] for job in outcomes] == ["succeeded", "failed"]
    assert outcomes[1]["error"]["code"] == "user_not_found"


def test_the_threshold_defaults_to_ten_organizations():
    from django.conf import settings

    assert settings.ERASE_INLINE_ORGANIZATIONS == 10
