import pytest
from django.core.exceptions import ValidationError

from tenants.models import Domain, Organization, OrganizationStatus

pytestmark = pytest.mark.django_db


def test_a_new_organization_is_active_and_timestamped():
    organization = Organization.objects.create(name="Acme", slug="acme", schema_name="org_acme")
    assert organization.status == OrganizationStatus.ACTIVE
    assert organization.created_at is not None
    assert organization.updated_at is not None
    assert str(organization) == "Acme (acme)"


def test_full_clean_refuses_a_schema_name_that_is_not_derived_from_the_slug():
    organization = Organization(name="Acme", slug="acme", schema_name="public")
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "schema_name" in error.value.message_dict


def test_full_clean_refuses_a_bad_slug():
    organization = Organization(name="Acme", slug="Bad_Slug", schema_name="org_bad_slug")
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "slug" in error.value.message_dict


def test_domains_are_stored_case_folded():
    organization = Organization.objects.create(name="Acme", slug="acme", schema_name="org_acme")
    domain = Domain.objects.create(domain="ACME.Example.COM.", tenant=organization)
    domain.refresh_from_db()
    assert domain.domain == "acme.example.com"
