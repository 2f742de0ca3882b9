from django.core.management.base import BaseCommand

from tenants.jobs import jobs_relay


class Command(BaseCommand):
    help = (
        "Publish the jobs still waiting for the broker (its publish after commit failed, or "
        "a retry is due). The worker's beat does this every JOBS_RELAY_SECONDS."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"published {jobs_relay()} job(s)")
