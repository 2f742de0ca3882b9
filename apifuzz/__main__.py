"""Fuzz the API with schemathesis (`make fuzz`; CI runs it with few examples).

Builds a scratch database (DATABASE_URL's database name + `_fuzz`) with an organization, a
member with a token and some data, serves it with gunicorn on a free loopback port (runs
in parallel do not collide), and runs schemathesis against the
project's own OpenAPI schemas: the organization's URLconf on its domain and the platform
URLconf on the root domain, both authenticated as the member; then the platform URLconf
again as a platform admin, last, since it may archive, purge or erase what it finds. Any
5xx response, or any response that does not match the schema, fails the run (non-zero exit).

  FUZZ_EXAMPLES   examples per operation (default 100, about 4 minutes; CI runs 10)
  FUZZ_SEED       seed for a reproducible run
"""

import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from bench.common import (
    django_on_scratch_database,
    free_port,
    migrate,
    scratch_database_name,
    start_gunicorn,
)

PORT = free_port()
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
SEED = os.environ.get("FUZZ_SEED", "")
ORGANIZATION = "fuzz"
# Logging out would revoke the token the rest of the run uses.
EXCLUDED_PATHS = r".*/auth/logout/$"


def prepare() -> tuple[str, str]:
    django_on_scratch_database(scratch_database_name("fuzz"))
    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import access_token_issue
    from tenant_apps.projects.services import project_create
    from tenants.services.provisioning import organization_create

    migrate()
    member = User.objects.create_user(email="member@fuzz.example.com", password=None)
    organization = organization_create(name="Fuzz", slug=ORGANIZATION, owner_email=member.email)
    with organization:
        for number in range(3):
            project_create(actor=member, name=f"Fuzz project {number}")
    token, _ = access_token_issue(user=member)
    admin = User.objects.create_superuser(email="admin@fuzz.example.com", password=None)
    admin_token, _ = access_token_issue(user=admin)
    return token, admin_token


def serve(backups: Path) -> subprocess.Popen:
    # Fair share's limits out of reach: the fuzzer probes the API, not the rate limit (a
    # run of 429s would test nothing).
    return start_gunicorn(
        port=PORT,
        threads=4,
        TENANT_BACKUP_DIR=str(backups),
        PLAN_STANDARD_REQUESTS_PER_MINUTE="100000000",
        PLAN_STANDARD_CONCURRENT_REQUESTS="4",
    )


def fetch_schema(host: str, token: str = "") -> dict:
    headers = {"Host": host, "Accept": "application/json"}
    if token:  # an organization's schema is for its members only
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/api/v1/schema/?format=json", headers=headers
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def fuzz(host: str, token: str, workdir: Path, *, label: str) -> int:
    schema_file = workdir / f"{label}.json"
    schema_file.write_text(json.dumps(fetch_schema(host, token)))
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", str(schema_file),
        "--url", f"http://127.0.0.1:{PORT}",
        "-H", f"Host: {host}", "-H", f"Authorization: Bearer {token}",
        "--checks", "not_a_server_error,response_schema_conformance",
        "--max-examples", str(EXAMPLES), "--exclude-path-regex", EXCLUDED_PATHS,
        # One worker: hypothesis describes strategies with ast.parse, which CPython 3.11 can
        # break when two threads parse at once ("AST constructor recursion depth mismatch").
        "--no-color", "--workers", "1",
    ]  # fmt: skip
    if SEED:
        command += ["--seed", SEED]
    print(f"\n== fuzzing {host} as {label} ({EXAMPLES} examples per operation) ==", flush=True)
    return subprocess.run(command, check=False).returncode


def main() -> int:
    member_token, admin_token = prepare()
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        server = serve(backups=workdir / "backups")
        try:
            results = {
                "organization as member": fuzz(
                    f"{ORGANIZATION}.localhost", member_token, workdir, label="member-tenant"
                ),
                "platform as member": fuzz(
                    "localhost", member_token, workdir, label="member-platform"
                ),
                "platform as admin": fuzz("localhost", admin_token, workdir, label="admin"),
            }
        finally:
            server.terminate()
            server.wait()
    print(json.dumps({"exit_codes": results}))
    return 0 if not any(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
