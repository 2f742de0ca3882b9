"""Input checks shared by the organization services; each failure names its field."""

from django.core.exceptions import ValidationError

from core.validation import raise_for_field_errors, single_line_errors
from shared_apps.accounts.email_address import EmailAddressRefused, normalize_email_address
from tenants.names import validate_organization_slug

__all__ = ["email_errors", "name_errors", "raise_for_field_errors", "slug_errors"]
MAX_NAME_LENGTH = 200


def name_errors(name: object) -> list[str]:
    return single_line_errors(name, max_length=MAX_NAME_LENGTH)


def slug_errors(slug: object) -> list[str]:
    try:
        validate_organization_slug(slug)
    except ValidationError as error:
        return error.messages
    return []


def email_errors(email: object) -> list[str]:
    """A malformed address. A well-formed look-alike is not reported here: the service's
    own normalize_email_address call refuses it with its stable code, `email_not_plain`."""
    try:
        normalize_email_address(email)
    except EmailAddressRefused as refused:
        return [refused.message] if refused.code == "invalid_email" else []
    return []
