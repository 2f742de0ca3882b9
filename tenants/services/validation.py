"""Input checks shared by the organization services; each failure names its field."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from core.errors import DomainError
from tenants.names import validate_organization_slug

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME_LENGTH = 200


def name_errors(name: object) -> list[str]:
    if not isinstance(name, str) or not name.strip():
        return ["Enter a name."]
    if len(name) > MAX_NAME_LENGTH:
        return [f"Use at most {MAX_NAME_LENGTH} characters."]
    if CONTROL_CHARACTERS.search(name):
        return ["Control characters are not allowed."]
    return []


def slug_errors(slug: object) -> list[str]:
    try:
        validate_organization_slug(slug)
    except ValidationError as error:
        return error.messages
    return []


def email_errors(email: object) -> list[str]:
    try:
        if not isinstance(email, str):
            raise ValidationError("Enter a valid email address.")
        EmailValidator()(email.strip())
    except ValidationError as error:
        return error.messages
    return []


def raise_for_field_errors(**errors: list[str]) -> None:
    fields = {field: messages for field, messages in errors.items() if messages}
    if fields:
        raise DomainError("The input is not valid.", fields=fields)
