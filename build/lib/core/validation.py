"""Field checks shared by services. Each returns a list of messages (empty when valid), so a
service can report every bad field at once with `raise_for_field_errors`."""

import re

from core.errors import DomainError

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Multi-line text keeps newlines and tabs; every other control character is refused.
TEXT_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def single_line_errors(value: object, *, max_length: int) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return ["This field is required and must be text."]
    if len(value) > max_length:
        return [f"Use at most {max_length} characters."]
    if CONTROL_CHARACTERS.search(value):
        return ["Control characters are not allowed."]
    return []


def text_errors(value: object, *, max_length: int) -> list[str]:
    if not isinstance(value, str):
        return ["This field must be text."]
    if len(value) > max_length:
        return [f"Use at most {max_length} characters."]
    if TEXT_CONTROL_CHARACTERS.search(value):
        return ["Control characters other than newlines and tabs are not allowed."]
    return []


def choice_errors(value: object, *, choices: list[str]) -> list[str]:
    return [] if value in choices else [f"Choose one of: {', '.join(choices)}."]


def raise_for_field_errors(**errors: list[str]) -> None:
    fields = {field: messages for field, messages in errors.items() if messages}
    if fields:
        raise DomainError("The input is not valid.", fields=fields)
