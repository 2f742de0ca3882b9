"""`manage.py proxy_limits DIRECTORY`: writes the front proxy's per-organization limits
(README "Behind a proxy") and says whether they changed."""

import signal
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tenants.services.proxy_limits import LIMITS_FILE
from tests.fixtures.jobs import REPOSITORY, subprocess_environment

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("proxy_limits", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_limits_then_says_they_are_unchanged(tenant, tmp_path):
    assert "written" in run(str(tmp_path))
    assert tenant.primary_hostname in (tmp_path / LIMITS_FILE).read_text()
    assert "unchanged" in run(str(tmp_path))


def test_a_directory_that_does_not_exist_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No directory"):
        run(str(tmp_path / "missing"))


def test_an_interval_below_one_second_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--every"):
        run(str(tmp_path), "--every", "0.5")


@pytest.mark.django_db(transaction=True)
def test_kept_current_it_writes_then_stops_cleanly_when_told_to(committed_organization, tmp_path):
    """As compose runs it: `--every` until the container stops it. As a container's first
    process it gets SIGTERM, whose default is ignored there: it must end the loop itself,
    promptly and with success, or every stop waits out the grace period and is killed."""
    organization = committed_organization("limits-kept")
    keeper = subprocess.Popen(
        [sys.executable, "manage.py", "proxy_limits", str(tmp_path), "--every", "1"],
        cwd=REPOSITORY,
        env=subprocess_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        limits = tmp_path / LIMITS_FILE
        deadline = time.monotonic() + 30
        while not limits.exists() and time.monotonic() < deadline and keeper.poll() is None:
            time.sleep(0.1)
        assert organization.primary_hostname in limits.read_text()
        keeper.send_signal(signal.SIGTERM)
        output, _ = keeper.communicate(timeout=5)
    finally:
        keeper.kill()
    assert keeper.returncode == 0, output
    assert "stopped" in output
