"""A side effect run after a commit (a hook registered with `transaction.on_commit`) that
fails must not turn the committed write into a 500: the caller would retry and get a 409."""

import logging
from http import HTTPStatus

import pytest

from tenants.models import Organization
from tenants.schemas import spares
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import committed_platform_admin_token, post, race_email

pytestmark = pytest.mark.django_db


def test_a_spare_refill_that_cannot_start_leaves_the_create_a_201(
    race_cleanup, root_host, settings, monkeypatch, caplog
):
    settings.TENANT_SPARE_SCHEMAS = 1

    def no_thread_to_be_had():
        raise RuntimeError("can't start new thread")  # what threading says at the limit

    monkeypatch.setattr(spares, "refill_in_background", no_thread_to_be_had)
    admin = committed_platform_admin_token()

    response = post(
        root_host,
        admin,
        "/api/v1/platform/organizations/",
        {"name": "Refill Fault", "slug": "refill-fault", "owner_email": race_email("refill-owner")},
    )

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert in_own_connection(lambda: Organization.objects.filter(slug="refill-fault").exists())
    assert any(
        record.levelno >= logging.ERROR
        and record.exc_info
        and "can't start new thread" in str(record.exc_info[1])
        for record in caplog.records
    )
