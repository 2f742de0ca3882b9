"""The proxy's limits watcher (deploy/nginx/reload-on-change.sh), run as the nginx image
runs it: nginx is reloaded once each time the limits directory's files change, not
otherwise, so that a changed plan reaches the proxy without a restart."""

import os
import subprocess
import time
from pathlib import Path

from core.dev.nginx import WATCHER
from tenants.services.proxy_limits import LIMITS_FILE


def reloads(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def wait_for(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_nginx_is_reloaded_once_per_change_of_the_limits(tmp_path):
    limits, log = tmp_path / "limits", tmp_path / "reloads.log"
    limits.mkdir()
    environment = {
        **os.environ,
        "PROXY_LIMITS_DIR": str(limits),
        "PROXY_LIMITS_CHECK_SECONDS": "0.1",
        "PROXY_RELOAD_COMMAND": f"echo reloaded >> {log}",
    }
    watcher = subprocess.Popen(["/bin/sh", str(WATCHER), "--watch"], env=environment)
    try:
        time.sleep(0.5)
        assert reloads(log) == 0  # nothing changed since it started

        (limits / LIMITS_FILE).write_text('map $host $organization_rate { default ""; }\n')
        assert wait_for(lambda: reloads(log) == 1)
        time.sleep(0.5)
        assert reloads(log) == 1  # once per change

        (limits / LIMITS_FILE).write_text("# changed\n")
        assert wait_for(lambda: reloads(log) == 2)
    finally:
        watcher.terminate()
        watcher.wait(timeout=5)


def test_run_without_arguments_it_returns_at_once_and_watches_in_the_background(tmp_path):
    # The image's entrypoint runs each hook to its end before it starts nginx.
    environment = {
        **os.environ,
        "PROXY_LIMITS_DIR": str(tmp_path),
        "PROXY_LIMITS_CHECK_SECONDS": "0.1",
        "PROXY_RELOAD_COMMAND": f"echo reloaded >> {tmp_path / 'reloads.log'}",
    }
    said = tmp_path / "said.log"
    started = time.monotonic()
    with said.open("w") as output:  # a file: the watcher keeps the hook's output open
        subprocess.run(
            ["/bin/sh", str(WATCHER)], env=environment, stdout=output, timeout=10, check=True
        )
    assert time.monotonic() - started < 5
    background = int(said.read_text().split()[-1])  # it says which process watches
    try:
        os.kill(background, 0)  # alive
    finally:
        os.kill(background, 15)
