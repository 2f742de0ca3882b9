"""Input checks shared by the organization services; each failure names its field."""

from django.core.exceptions import ValidationError

from core.validation import raise_for_field_errors, single_line_errors
from tenants.names import validate_organization_slug

__all__ = ["name_errors", "raise_for_field_errors", "slug_errors"]
MAX_NAME_LENGTH = 200


def name_errors(name: object) -> list[str]:
    return single_line_errors(name, max_length=MAX_NAME_LENGTH)


def slug_errors(slug: object) -> list[str]:
    try:
        validate_organization_slug(slug)
    except ValidationError as error:
        return error.messages
    return []
