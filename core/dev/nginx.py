"""The front proxy's config (deploy/nginx/tenantry.conf.template) in Debian's nginx on
loopback, in front of a gunicorn: for the proxy's tests (tests/security/test_proxy.py) and
`make load`, which measures fair share through it. Production runs the same template in the
official nginx image (docker-compose.yml), which fills it from the environment the same way.
"""

import contextlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core.dev.ports import free_port

TEMPLATE = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "tenantry.conf.template"
# Reloads nginx when `manage.py proxy_limits` changes the limits (in the image, not here).
WATCHER = TEMPLATE.parent / "reload-on-change.sh"
_PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if Path(found).exists() else None


def placeholders() -> set[str]:
    """The names the template takes from the environment."""
    return set(_PLACEHOLDER.findall(TEMPLATE.read_text()))


def render(values: dict[str, object]) -> str:
    """The template with every ${NAME} filled, as the nginx image's envsubst step does; a
    name without a value is an error rather than an empty string in the config."""
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), TEMPLATE.read_text())


def _empty(folder: Path) -> Path:
    folder.mkdir()
    return folder


def _main_config(folder: Path) -> str:
    # What the image's own nginx.conf provides around conf.d, with paths in `folder`. No
    # access log: nothing here reads it, and a benchmark should not measure its writes.
    temp_paths = "".join(
        f"    {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        "worker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    access_log off;\n"
        f"{temp_paths}"
        f"    include {folder / 'tenantry.conf'};\n"
        "}\n"
    )


@dataclass
class RunningProxy:
    port: int
    reload: Callable[[], None]  # re-reads the config, the limits directory's included


def _workers(master: int) -> set[str]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return set(children.read_text().split()) if children.exists() else set()


def _reload(master: int, command: list[str]) -> None:
    """`nginx -s reload`, returning once none of the old workers is left: from then on
    every request is served with the new config."""
    old = _workers(master)
    subprocess.run([*command, "-s", "reload"], check=True, capture_output=True)
    for _ in range(200):
        if not old & _workers(master):
            return
        time.sleep(0.025)
    raise RuntimeError("nginx's old workers did not exit after a reload")


@contextlib.contextmanager
def running_nginx(
    *,
    upstream: str,
    limits_directory: Path | None = None,
    base_domain: str,
    requests_per_second: float,
    burst: int,
    queue: int,
    refusal_bytes_per_second: int,
) -> Iterator[RunningProxy]:
    """nginx with the template in front of `upstream` (host:port), each organization held
    to its rate from `limits_directory` (`manage.py proxy_limits`; none without it)."""
    binary = nginx_binary()
    if binary is None:
        raise RuntimeError("nginx is not installed: apt-get install nginx")
    folder = Path(tempfile.mkdtemp(prefix="nginx-"))
    folder.chmod(0o777)  # run as root, nginx's workers are `nobody` and write temp files here
    port = free_port()
    values = {
        "TENANTRY_UPSTREAM": upstream,
        "TENANT_BASE_DOMAIN": base_domain,
        "PROXY_LIMITS_DIR": limits_directory or _empty(folder / "limits"),
        "PROXY_LISTEN": f"127.0.0.1:{port}",
        "PROXY_REQUESTS_PER_SECOND": requests_per_second,
        "PROXY_BURST": burst,
        "PROXY_QUEUE": queue,
        "PROXY_REFUSAL_BYTES_PER_SECOND": refusal_bytes_per_second,
    }
    (folder / "tenantry.conf").write_text(render(values))
    (folder / "nginx.conf").write_text(_main_config(folder))
    error_log = folder / "error.log"
    command = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(error_log)]
    process = subprocess.Popen(
        [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
                break
            if process.poll() is not None:
                log = error_log.read_text() if error_log.exists() else ""
                raise RuntimeError(f"nginx did not start: {log}")
            time.sleep(0.05)
        yield RunningProxy(port=port, reload=lambda: _reload(process.pid, command))
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
