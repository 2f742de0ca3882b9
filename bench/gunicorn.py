"""Start the app under gunicorn on loopback for the benchmarks, the load test and the fuzzer."""

import http.client
import os
import socket
import subprocess
import sys
import time
from typing import IO


def free_port() -> int:
    """A loopback port that is free now (the system picks it): runs in parallel, on one
    machine, do not collide."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    *, port: int, threads: int = 1, output: IO | None = None, **environment: str
) -> subprocess.Popen:
    """gunicorn with the production config (core/gunicorn.py) and 2 workers on
    127.0.0.1:`port`, `environment` added to ours (its output to `output` when given);
    returns once it answers HTTP at all (any status), or raises after 20 s."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "core.wsgi", "--config", "python:core.gunicorn",
         "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", str(threads),
         "--log-level", "warning"],
        # Persistent connections as in production (the local settings close them).
        env={**os.environ, "DEBUG": "0", "CONN_MAX_AGE": "60", **environment},
        stdout=output,
        stderr=output,
    )  # fmt: skip
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/api/v1/health/", headers={"Host": "localhost"})
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")
