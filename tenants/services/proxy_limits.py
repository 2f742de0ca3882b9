"""The front proxy's per-organization limits (README "Behind a proxy"): every host of every
organization mapped to the request rate in force for it (its plan's, or its override), as an
nginx file the proxy's template includes (deploy/nginx). nginx then holds each organization
to its own rate before a request takes a gunicorn thread; one ceiling for every Host had to
be the largest plan's, so a standard organization's flood still reached the app.

The app still counts every request (tenants/routing/fair_share.py): a host not yet in the
file is held to the ceiling only, and a lowered limit takes effect in the app at once.
"""

import logging
import os
import re
import tempfile
import threading
from pathlib import Path

from django.conf import settings
from django.db import connection

from tenants.models import Domain

logger = logging.getLogger(__name__)
LIMITS_FILE = "organizations.conf"
# A hostname as Domain stores it. Anything else (it would be nginx syntax) stays out.
_PLAIN_HOSTNAME = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$")
# A host's state in a limit_req zone: nginx's node and the key (a hostname, up to 253 bytes),
# in its slab allocator's 512-byte class at most. A zone that runs out refuses requests, and
# one zone per distinct rate must not cost a megabyte each when overrides make hundreds.
_BYTES_PER_HOST = 512
_ZONE_BASE_KILOBYTES = 64


def host_rates() -> dict[str, int]:
    """Every organization's hosts -> its requests per minute in force, in one query."""
    plans = settings.ORGANIZATION_PLANS
    rows = Domain.objects.values_list("domain", "tenant__plan", "tenant__requests_per_minute")
    return {
        host: override or (plans.get(plan) or plans["standard"])["requests_per_minute"]
        for host, plan, override in rows
    }


def _zone(per_minute: int) -> str:
    return f"organizations_at_{per_minute}"


def proxy_limits_config(rates: dict[str, int]) -> str:
    """The http-level nginx config holding each host to its rate: one limit_req zone per
    distinct rate, keyed by the host where the host has that rate and empty (not counted)
    elsewhere. Past a second's worth requests wait; past two seconds' worth, 429."""
    plain = {host: rate for host, rate in sorted(rates.items()) if _PLAIN_HOSTNAME.match(host)}
    hosts_at: dict[int, int] = {}
    for rate in plain.values():
        hosts_at[rate] = hosts_at.get(rate, 0) + 1
    lines = [
        "# Written by `manage.py proxy_limits` from the organization registry; do not edit.",
        "map $host $organization_rate {",
        '    default "";',
        *(f"    {host} {rate};" for host, rate in plain.items()),
        "}",
    ]
    for rate, hosts in sorted(hosts_at.items()):
        second = max(1, rate // 60)
        kilobytes = _ZONE_BASE_KILOBYTES + -(-hosts * _BYTES_PER_HOST // 1024)
        lines += [
            f"map $organization_rate $limited_at_{rate} {{",
            f"    {rate} $host;",
            '    default "";',
            "}",
            f"limit_req_zone $limited_at_{rate} zone={_zone(rate)}:{kilobytes}k rate={rate}r/m;",
            f"limit_req zone={_zone(rate)} burst={2 * second} delay={second};",
        ]
    return "\n".join(lines) + "\n"


def proxy_limits_write(directory: Path) -> bool:
    """Write the limits to `directory`/LIMITS_FILE if they differ from what is there; True
    when written. Replaced by a rename, so nginx never reads half a file."""
    target = Path(directory) / LIMITS_FILE
    config = proxy_limits_config(host_rates())
    if target.exists() and target.read_text() == config:
        return False
    # A dot-name: the template includes *.conf, and must not pick up a file being written.
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".partial")
    with os.fdopen(handle, "w") as partial:
        partial.write(config)
    Path(temporary).chmod(0o644)  # nginx's master reads it, whoever wrote it
    Path(temporary).replace(target)
    return True


def keep_proxy_limits_current(directory: Path, *, every: float, stop: threading.Event) -> None:
    """Rewrite the limits every `every` seconds when they changed, until `stop` is set. A
    failed round (the database away) is logged, and the next round tries again."""
    try:
        while not stop.is_set():
            try:
                if proxy_limits_write(directory):
                    logger.info("Proxy limits written to %s.", directory)
            except Exception:
                logger.exception("Proxy limits not written; trying again in %s s.", every)
                connection.close()
            stop.wait(every)
    finally:
        connection.close()
