import os

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    # The system checks run here, once per deploy (migrate_tenants leaves them to its caller).
    help = (
        "The release step of a deploy, run once with the new code before its workers take "
        "traffic: migrate the shared schema, then every organization's (migrate_tenants), "
        "then collect the static files. Safe to run again; exits non-zero if a step fails, "
        "and the steps after it do not run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)

    def handle(self, *args, jobs: int, verbosity: int = 1, **options):
        # migrate_tenants migrates the shared schema first, under the same rollout lock as the
        # organizations' schemas, so two releases never migrate at once.
        self.stdout.write("release: the shared schema, then every organization's")
        call_command("migrate_tenants", jobs=jobs, verbosity=verbosity, stdout=self.stdout)
        # Last: a failed migration leaves the static files of the running release in place.
        # Without --clear, the hashed files of the previous release stay too, for the old
        # workers still serving pages that name them.
        self.stdout.write("release: static files")
        call_command("collectstatic", interactive=False, verbosity=verbosity, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("release: done"))
