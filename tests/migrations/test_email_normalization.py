"""Existing accounts are moved to the normalized address, or the migration refuses and
names every address it cannot move."""

import pytest
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.django_db
BEFORE = [("accounts", "0001_initial")]
NORMALIZE = [("accounts", "0002_normalize_emails")]
LATEST = [("accounts", "0003_email_stored_normalized")]


def make_accounts(apps, *emails: str) -> list[int]:
    User = apps.get_model("accounts", "User")
    return [User.objects.create(email=email, password="!").pk for email in emails]


def stored(apps, ids: list[int]) -> list[str]:
    users = apps.get_model("accounts", "User").objects.filter(pk__in=ids)
    return sorted(users.values_list("email", flat=True))


def test_existing_addresses_are_stored_normalized(shared_migrator):
    old = shared_migrator.migrate(BEFORE)
    ids = make_accounts(
        old, "  Ada@Example.COM", "bob@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com"
    )
    ids += make_accounts(old, "cy@b\u00fccher.example", "plain@example.com")

    new = shared_migrator.migrate(LATEST)

    assert stored(new, ids) == [
        "ada@example.com",
        "bob@example.com",
        "cy@xn--bcher-kva.example",
        "plain@example.com",
    ]


def test_colliding_and_look_alike_addresses_stop_the_migration_and_are_listed(shared_migrator):
    old = shared_migrator.migrate(BEFORE)
    ids = make_accounts(
        old, "admin@example.com", "admin@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com"
    )
    ids += make_accounts(old, "adm\u0131n@example.com", "Other@Example.com")

    with pytest.raises(Exception, match="nothing was changed") as refused:
        shared_migrator.migrate(NORMALIZE)

    message = str(refused.value)
    assert "'admin@example.com', 'admin@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com'" in message
    assert "would all become 'admin@example.com'" in message
    assert "'adm\u0131n@example.com' cannot be stored (email_not_plain)" in message
    assert "Other@Example.com" not in message  # it can move; it is not a problem
    assert "2 email address problem(s)" in message
    assert "Other@Example.com" in stored(old, ids)  # nothing was changed


def test_the_database_refuses_an_address_that_is_not_normalized(shared_migrator):
    new = shared_migrator.migrate(LATEST)
    User = new.get_model("accounts", "User")
    for email in ["Upper@example.com", "adm\u0131n@example.com"]:
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.create(email=email, password="!")
