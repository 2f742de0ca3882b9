"""Shared plumbing of the organization commands: find by slug, turn errors into exit codes."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from tenants.models import Job
from tenants.selectors import organization_get


def describe(error: DomainError) -> str:
    fields = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.fields.items())
    return f"{error.message} {fields}".strip()


class OrganizationCommand(BaseCommand):
    """A command whose domain errors become a CommandError (exit status 1) with their
    message and field errors, instead of a traceback."""

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


class StatusChangeCommand(OrganizationCommand):
    """Suspend, archive or reactivate the organization named by its slug: `change` is the
    lifecycle service that does it."""

    change = None  # staticmethod(a service taking `organization=`, returning it changed)

    def add_arguments(self, parser):
        parser.add_argument("slug")

    def handle(self, *args, slug: str, **options):
        organization = self.change(organization=self.organization(slug))
        self.stdout.write(self.style.SUCCESS(f"{organization.slug} is now {organization.status}."))


def job_report(job: Job) -> str:
    """Where a queued job can be followed (without a broker it has run already: its row
    says how it went)."""
    job.refresh_from_db()
    return (
        f"Queued as job {job.pk} ({job.state}); follow it with GET /api/v1/platform/jobs/{job.pk}/"
    )
