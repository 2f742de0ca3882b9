"""One normalization of email addresses: what is folded, what is refused."""

import pytest

from core.errors import DomainError
from shared_apps.accounts.email_address import normalize_email_address

# (typed, stored): the same address written another way.
SAME_ADDRESS = [
    (" Admin@Example.COM ", "admin@example.com"),
    (
        "admin@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
        "admin@example.com",
    ),  # fullwidth domain
    ("admin@\u212aite.example", "admin@kite.example"),  # Kelvin sign in the domain (IDNA maps it)
    ("admin@ex\u0430mple.com", "admin@xn--exmple-4nf.com"),  # Cyrillic a: another domain, in ASCII
    ("admin@b\u00fccher.example", "admin@xn--bcher-kva.example"),
]

# Local parts with anything but ASCII: refused, never folded onto an ASCII look-alike.
CONFUSABLE_LOCAL_PARTS = {
    "dotless i": "adm\u0131n@example.com",
    "long s": "\u017fupport@example.com",
    "Kelvin sign": "\u212aate@example.com",
    "fullwidth letters": "\uff41\uff44\uff4d\uff49\uff4e@example.com",
    "combining mark": "admi\u0301n@example.com",
    "combining dot above": "admi\u0307n@example.com",
    "sharp s": "stra\u00dfe@example.com",
    "dotted capital I": "\u0130nfo@example.com",
}


@pytest.mark.parametrize(("typed", "stored"), SAME_ADDRESS)
def test_an_address_is_stored_in_one_plain_form(typed, stored):
    assert normalize_email_address(typed) == stored
    assert normalize_email_address(stored) == stored  # idempotent
    assert stored.isascii()


@pytest.mark.parametrize("email", CONFUSABLE_LOCAL_PARTS.values(), ids=CONFUSABLE_LOCAL_PARTS)
def test_a_non_ascii_local_part_is_refused_with_a_stable_code(email):
    with pytest.raises(DomainError) as refused:
        normalize_email_address(email)
    assert refused.value.code == "email_not_plain"
    assert refused.value.fields == {"email": [refused.value.message]}


@pytest.mark.parametrize(
    "email", ["", "   ", "no-at-sign", "a@", "@example.com", "a b@example.com", None, 5, "a@-.com"]
)
def test_a_malformed_address_is_refused_as_invalid(email):
    with pytest.raises(DomainError) as refused:
        normalize_email_address(email)
    assert refused.value.code == "invalid_email"


def test_the_field_named_in_the_error_is_the_callers():
    with pytest.raises(DomainError) as refused:
        normalize_email_address("adm\u0131n@example.com", field="owner_email")
    assert set(refused.value.fields) == {"owner_email"}
