import pytest
from django.core.exceptions import ValidationError

from tenants.names import schema_name_for_slug, validate_organization_slug, validate_schema_name


@pytest.mark.parametrize("slug", ["acme", "abc", "a1-b2", "acme-corp", "a" * 40, "x-9"])
def test_dns_label_slugs_are_accepted(slug):
    validate_organization_slug(slug)


@pytest.mark.parametrize(
    "slug",
    [
        "",
        "a",
        "ab-",
        "-ab",
        "a" * 41,
        "Acme",
        "ac_me",
        "1acme",
        "ac me",
        "acme.",
        "ac'me",
        'a"; DROP SCHEMA public CASCADE; --',
        "аcme",  # Cyrillic а: a look-alike that is not a DNS label
        "acme\n",
    ],
)
def test_slugs_that_are_not_dns_labels_are_refused(slug):
    with pytest.raises(ValidationError) as error:
        validate_organization_slug(slug)
    assert error.value.code == "invalid_slug"


@pytest.mark.parametrize(
    "slug", ["www", "api", "admin", "app", "static", "media", "mail", "public"]
)
def test_reserved_slugs_are_refused(slug):
    with pytest.raises(ValidationError) as error:
        validate_organization_slug(slug)
    assert error.value.code == "reserved_slug"


def test_schema_name_is_derived_from_the_slug():
    assert schema_name_for_slug("acme-corp") == "org_acme_corp"


@pytest.mark.parametrize(
    "name",
    ["public", "pg_catalog", "pg_x", "information_schema", "Org", "org-x", 'o"x', "", "o" * 64],
)
def test_unsafe_schema_names_are_refused(name):
    with pytest.raises(ValidationError):
        validate_schema_name(name)


def test_a_derived_schema_name_always_passes_the_schema_check():
    validate_schema_name(schema_name_for_slug("a" * 40))
