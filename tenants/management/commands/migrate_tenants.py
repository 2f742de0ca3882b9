import os

from django.core.management.base import CommandError

from tenants.management.commands._organization_command import OrganizationCommand
from tenants.rollout.runner import Outcome
from tenants.rollout.service import tenants_migrate
from tenants.schemas import spare_schemas_fill

DETAILED = 2  # verbosity at which skipped schemas are listed one by one


class Progress:
    """A bar on a terminal; plain lines elsewhere (CI logs)."""

    def __init__(self, command, *, verbosity: int):
        self.command, self.verbosity = command, verbosity
        self.on_terminal = getattr(command.stdout, "isatty", lambda: False)()
        self.total = self.done_count = 0

    def start(self, total: int) -> None:
        self.total = total

    def done(self, outcome: Outcome) -> None:
        self.done_count += 1
        if self.on_terminal:
            width = 30
            filled = width * self.done_count // self.total if self.total else width
            bar = f"[{'#' * filled}{'.' * (width - filled)}] {self.done_count}/{self.total}"
            self.command.stdout.write(f"\r{bar} schemas", ending="")
        elif outcome.status != "skipped" or self.verbosity >= DETAILED:
            self.command.stdout.write(describe(outcome))


class Command(OrganizationCommand):
    # System checks load every app's checks; a deploy step runs `check` once, not per command.
    requires_system_checks: list = []
    help = (
        "Migrate the shared schema, then every organization's schema in parallel. Schemas "
        "already at the target are skipped; a failing schema is rolled back and reported, "
        "and the others go on. Exits non-zero if any schema failed; run again to finish. "
        "Then builds the spare schemas for the new code version (TENANT_SPARE_SCHEMAS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
        parser.add_argument(
            "--verify",
            action="store_true",
            help="Read every schema's applied migrations, also those recorded at the target.",
        )

    def handle(self, *args, jobs: int, verify: bool = False, verbosity: int = 1, **options):
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        progress = Progress(self, verbosity=verbosity)
        result = tenants_migrate(
            jobs=jobs, verify=verify, on_start=progress.start, on_done=progress.done
        )
        if progress.on_terminal:  # the report, after the bar
            self.stdout.write("")
            for outcome in sorted(result.outcomes, key=lambda outcome: outcome.schema):
                if outcome.status != "skipped" or verbosity >= DETAILED:
                    self.stdout.write(describe(outcome))
        work = sum(outcome.seconds for outcome in result.outcomes)
        self.stdout.write(
            f"migrated {result.count('migrated')}, skipped {result.count('skipped')}, "
            f"failed {result.count('failed')} (of {len(result.outcomes)} schemas; "
            f"{work:.2f} s of schema work)"
        )
        # Spares of the old code version are dropped and new ones built for the new version.
        self.stdout.write(f"spare schemas: built {spare_schemas_fill()}")
        failed = [outcome.schema for outcome in result.outcomes if outcome.status == "failed"]
        if failed:
            raise CommandError(f"{len(failed)} schema(s) failed: {', '.join(failed)}. Run again.")


def describe(outcome: Outcome) -> str:
    if outcome.status == "failed":
        return f"{outcome.schema}: failed ({outcome.mode}): {outcome.error}"
    if outcome.status == "migrated":
        names = ", ".join(f"{app}.{name}" for app, name in outcome.applied)
        took = f"{outcome.seconds * 1000:.0f} ms"
        return f"{outcome.schema}: migrated ({outcome.mode}, {took}): {names}"
    return f"{outcome.schema}: skipped (up to date)"
