import signal
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.services.proxy_limits import keep_proxy_limits_current, proxy_limits_write


class Command(BaseCommand):
    help = (
        "Write the front proxy's per-organization limits (README 'Behind a proxy') into "
        "DIRECTORY, which the proxy's template includes; with --every, keep them current."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--every", type=float, help="Seconds between rewrites; runs until stopped."
        )

    def handle(self, *args, directory: Path, every: float | None = None, **options):
        if not directory.is_dir():
            raise CommandError(f"No directory {directory}: create it (nginx includes from it).")
        if every is not None and every < 1:
            raise CommandError("--every takes 1 second or more.")
        if every is None:
            written = proxy_limits_write(directory)
            self.stdout.write(f"proxy limits {'written' if written else 'unchanged'}")
            return
        self.stdout.write(f"keeping the proxy limits in {directory} current every {every} s")
        stop = threading.Event()
        # Stopped by its container (SIGTERM) or a terminal (SIGINT): as a container's first
        # process it would otherwise ignore SIGTERM and be killed after the grace period.
        for stopping in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stopping, lambda *_: stop.set())
        keep_proxy_limits_current(directory, every=every, stop=stop)
        self.stdout.write("proxy limits: stopped")
