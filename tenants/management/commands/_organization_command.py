"""Shared plumbing of the organization commands: find by slug, turn errors into exit codes."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from tenants.selectors import organization_get


def describe(error: DomainError) -> str:
    fields = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.fields.items())
    return f"{error.message} {fields}".strip()


class OrganizationCommand(BaseCommand):
    """Runs `act(options)`; a domain error becomes a CommandError (exit status 1)."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except DomainError as error:
            raise CommandError(describe(error)) from error

    def organization(self, slug: str):
        try:
            return organization_get(slug=slug)
        except DomainError as error:
            raise CommandError(f"No organization with slug {slug!r}.") from error
