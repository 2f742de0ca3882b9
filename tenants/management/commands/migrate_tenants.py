import os
import sys

from django.core.management.base import CommandError

from tenants.management.commands._organization_command import OrganizationCommand
from tenants.rollout.service import tenants_migrate


class Command(OrganizationCommand):
    help = (
        "Migrate the shared schema, then every organization's schema in parallel. Schemas "
        "already at the target are skipped; a failing schema is rolled back and reported, "
        "and the others go on. Exits non-zero if any schema failed; run again to finish."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)

    def handle(self, *args, jobs: int, verbosity: int = 1, **options):
        if jobs < 1:
            raise CommandError("--jobs must be at least 1.")
        on_terminal = self.stdout.isatty() if hasattr(self.stdout, "isatty") else False
        seen = []

        def progress(outcome) -> None:
            seen.append(outcome)
            if on_terminal:
                self.stdout.write(f"\r{len(seen)} schema(s) done", ending="")
            elif outcome.status != "skipped" or verbosity >= 2:
                self.stdout.write(_line(outcome))

        result = tenants_migrate(jobs=jobs, on_done=progress)
        if on_terminal:
            self.stdout.write("")
            for outcome in sorted(result.outcomes, key=lambda o: o.schema):
                if outcome.status != "skipped" or verbosity >= 2:
                    self.stdout.write(_line(outcome))
        seconds = sum(outcome.seconds for outcome in result.outcomes)
        self.stdout.write(
            f"migrated {result.count('migrated')}, skipped {result.count('skipped')}, "
            f"failed {result.count('failed')} (of {len(result.outcomes)} schemas; "
            f"{seconds:.2f} s of schema work)"
        )
        if result.count("failed"):
            failed = ", ".join(o.schema for o in result.outcomes if o.status == "failed")
            raise CommandError(
                f"{result.count('failed')} schema(s) failed: {failed}. Fix and run again."
            )
        sys.stdout.flush()


def _line(outcome) -> str:
    if outcome.status == "failed":
        return f"{outcome.schema}: failed ({outcome.mode}): {outcome.error}"
    if outcome.status == "migrated":
        names = ", ".join(f"{app}.{name}" for app, name in outcome.applied)
        return (
            f"{outcome.schema}: migrated ({outcome.mode}, {outcome.seconds * 1000:.0f} ms): {names}"
        )
    return f"{outcome.schema}: skipped (up to date)"
