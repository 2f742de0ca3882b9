"""Restore brings an organization back as it was: its custom domains too, and the same
primary domain."""

from http import HTTPStatus

import pytest

from tenants.models import Domain, Organization
from tenants.services.domains import domain_add, domain_make_primary
from tests.fixtures.backups import RESTORE_URL, purge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backup_dir")]


def domains_of(slug: str) -> dict[str, bool]:
    organization = Organization.objects.get(slug=slug)
    return dict(Domain.objects.filter(tenant=organization).values_list("domain", "is_primary"))


def restore(platform_client, backup: str, **extra):
    return platform_client.post(RESTORE_URL, {"backup": backup, **extra}, format="json")


def test_restore_brings_back_custom_domains_and_the_primary(archived, platform_client):
    domain_add(organization=archived, domain="shop.example.org")
    domain_add(organization=archived, domain="www.example.org")
    domain_make_primary(organization=archived, domain="www.example.org")
    before = domains_of(archived.slug)
    backup = purge(platform_client, archived.slug).json()["backup"]

    response = restore(platform_client, backup)

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert domains_of(archived.slug) == before
    assert before["www.example.org"] is True


def test_restore_under_a_new_slug_keeps_custom_domains_not_the_old_slugs_name(
    archived, platform_client
):
    domain_add(organization=archived, domain="shop.example.org")
    backup = purge(platform_client, archived.slug).json()["backup"]

    response = restore(platform_client, backup, slug="renamed-org")

    assert response.status_code == HTTPStatus.CREATED, response.content
    assert domains_of("renamed-org") == {
        "renamed-org.testserver.local": True,
        "shop.example.org": False,
    }


def test_restore_refuses_when_a_custom_domain_was_taken_since(
    archived, platform_client, second_tenant
):
    domain_add(organization=archived, domain="shop.example.org")
    backup = purge(platform_client, archived.slug).json()["backup"]
    domain_add(organization=second_tenant, domain="shop.example.org")

    response = restore(platform_client, backup)

    assert response.status_code == HTTPStatus.CONFLICT, response.content
    assert response.json()["code"] == "domain_taken"
    assert "shop.example.org" in response.json()["detail"]
    assert not Organization.objects.filter(slug=archived.slug).exists()
