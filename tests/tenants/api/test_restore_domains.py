"""Restore brings an organization back as it was: its custom domains too, and the same
primary domain."""

import pytest

from tenants.models import Domain, Organization
from tenants.services.domains import domain_add, domain_make_primary
from tests.fixtures.backups import job_outcome, purged_backup
from tests.fixtures.backups import restore as restore_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir")]


def domains_of(slug: str) -> dict[str, bool]:
    organization = Organization.objects.get(slug=slug)
    return dict(Domain.objects.filter(tenant=organization).values_list("domain", "is_primary"))


def restore(platform_client, backup: str, **extra) -> dict:
    """The restore's job, once it has run."""
    return job_outcome(
        platform_client, restore_request(platform_client, {"backup": backup, **extra})
    )


def test_restore_brings_back_custom_domains_and_the_primary(archived, platform_client):
    domain_add(organization=archived, domain="shop.example.org")
    domain_add(organization=archived, domain="www.example.org")
    domain_make_primary(organization=archived, domain="www.example.org")
    before = domains_of(archived.slug)
    backup = purged_backup(platform_client, archived.slug)

    assert restore(platform_client, backup)["state"] == "succeeded"

    assert domains_of(archived.slug) == before
    assert before["www.example.org"] is True


def test_restore_under_a_new_slug_keeps_custom_domains_not_the_old_slugs_name(
    archived, platform_client
):
    domain_add(organization=archived, domain="shop.example.org")
    backup = purged_backup(platform_client, archived.slug)

    assert restore(platform_client, backup, slug="renamed-org")["state"] == "succeeded"

    assert domains_of("renamed-org") == {
        "renamed-org.testserver.local": True,
        "shop.example.org": False,
    }


def test_restore_refuses_when_a_custom_domain_was_taken_since(
    archived, platform_client, second_tenant
):
    domain_add(organization=archived, domain="shop.example.org")
    backup = purged_backup(platform_client, archived.slug)
    domain_add(organization=second_tenant, domain="shop.example.org")

    job = restore(platform_client, backup)

    assert job["state"] == "failed"
    assert job["error"]["code"] == "domain_taken"
    assert "shop.example.org" in job["error"]["detail"]
    assert not Organization.objects.filter(slug=archived.slug).exists()
