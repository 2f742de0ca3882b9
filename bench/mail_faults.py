"""Mail faults (`make mail-faults`): every flow that sends mail, against a live gunicorn with
the production settings, in a scratch database, with three mail servers in turn:

  refused    EMAIL_URL at a port on 127.0.0.1 where nothing listens (connection refused)
  silent     a server that accepts the connection and never answers (EMAIL_TIMEOUT=2)
  working    consolemail:// (the message is written to the server's output)

For each: the status and `mail` state answered, the time taken, and the lines the server
logged. Prints a table and writes bench/results/mail_faults.json. Never run as a test.
"""

import http.client
import json
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime

from bench.common import (
    django_on_scratch_database,
    free_port,
    migrate,
    result_write,
    scratch_database_name,
    start_gunicorn,
)

PORT = free_port()
BASE_DOMAIN = "example.test"


def prepare() -> dict:
    django_on_scratch_database(
        scratch_database_name("mail_faults"),
        TENANT_BASE_DOMAIN=BASE_DOMAIN,
        TENANT_SPARE_SCHEMAS="0",
    )
    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import access_token_issue

    migrate()
    admin = User.objects.create_user(email="admin@example.test", password=None, is_staff=True)
    inviter = User.objects.create_user(email="inviter@example.test", password=None)
    return {
        "admin": access_token_issue(user=admin)[0],
        "inviter": access_token_issue(user=inviter)[0],
        "inviter_id": inviter.pk,
    }


def make_inviter_an_owner(slug: str, inviter_id: int) -> None:
    from shared_apps.accounts.models import User
    from tenant_apps.memberships.services import membership_add
    from tenants.models import Organization

    organization = Organization.objects.get(slug=slug)
    with organization:
        membership_add(
            organization=organization, user=User.objects.get(pk=inviter_id), role="owner"
        )


def call(host: str, token: str, path: str, body: dict | None = None) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    started = time.monotonic()
    connection.request(
        "POST",
        path,
        body=json.dumps(body or {}),
        headers={
            "Host": host,
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
        },
    )
    response = connection.getresponse()
    answer = json.loads(response.read() or b"{}")
    return {
        "status": response.status,
        "mail": answer.get("mail", "-"),
        "code": answer.get("code"),
        "id": answer.get("id"),
        "seconds": round(time.monotonic() - started, 3),
    }


def run_flows(server: str, tokens: dict) -> list[tuple[str, dict]]:
    slug = f"mail-{server}"
    org_host = f"{slug}.{BASE_DOMAIN}"
    create = {"name": slug, "slug": slug, "owner_email": f"owner@{slug}.example.test"}
    organizations = "/api/v1/platform/organizations/"
    flows = [
        ("create organization", call(BASE_DOMAIN, tokens["admin"], organizations, create)),
        ("create it again", call(BASE_DOMAIN, tokens["admin"], organizations, create)),
        (
            "resend set-password link",
            call(BASE_DOMAIN, tokens["admin"], f"{organizations}{slug}/owner/resend-set-password/"),
        ),
    ]
    make_inviter_an_owner(slug, tokens["inviter_id"])
    invitation = {"email": f"invitee@{slug}.example.test", "role": "member"}
    invited = call(org_host, tokens["inviter"], "/api/v1/invitations/", invitation)
    flows.append(("invite", invited))
    flows.append(
        ("re-invite", call(org_host, tokens["inviter"], "/api/v1/invitations/", invitation))
    )
    if invited.get("id"):
        path = f"/api/v1/invitations/{invited['id']}/resend/"
        flows.append(("resend invitation", call(org_host, tokens["inviter"], path)))
    return flows


def serve(server: str, tokens: dict) -> dict:
    port = free_port()
    environment = {
        "DJANGO_SETTINGS_MODULE": "core.settings.production",
        "SECRET_KEY": "mail-faults-" + "k" * 50,
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_URL": "consolemail://" if server == "working" else f"smtp://127.0.0.1:{port}",
        "EMAIL_TIMEOUT": "2",
        "DEFAULT_FROM_EMAIL": f"Tenantry <no-reply@{BASE_DOMAIN}>",
        # No worker here: the invitation mail job runs in the server after each commit, so
        # its failures are logged here too (README "Background jobs").
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    listener = None
    if server == "silent":
        listener = socket.socket()
        listener.bind(("127.0.0.1", port))
        listener.listen(16)  # the kernel completes handshakes; nobody ever answers
    with tempfile.TemporaryFile("w+") as log:
        gunicorn = start_gunicorn(port=PORT, output=log, **environment)
        try:
            flows = run_flows(server, tokens)
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
            if listener:
                listener.close()
        log.seek(0)
        lines = log.read().splitlines()
    logged = {
        # A mail job that could not send logs "Job N (<what>) failed: <error>" once.
        "mail jobs failed": sum(
            '"logger": "tenants.jobs.task"' in line and ") failed" in line for line in lines
        ),
        "internal server error": sum("Internal Server Error" in line for line in lines),
        "messages written (console)": sum(line.startswith("Subject:") for line in lines),
    }
    # The messages only: a JSON line's traceback names this machine's paths.
    examples = sorted(
        {message_of(line) for line in lines if ") failed" in line or "Error:" in line}
    )
    return {"flows": flows, "logged": logged, "log_examples": examples[:6]}


def message_of(line: str) -> str:
    """A log line's message: the `message` of a JSON line, else the line itself."""
    try:
        return json.loads(line)["message"]
    except (ValueError, KeyError, TypeError):
        return line


def main() -> int:
    tokens = prepare()
    results = {server: serve(server, tokens) for server in ("refused", "silent", "working")}
    for server, result in results.items():
        print(f"\nmail server {server}")
        for name, answer in result["flows"]:
            print(f"  {name:26} {answer['status']}  mail={answer['mail']}  {answer['seconds']} s")
        print(f"  logged: {result['logged']}")
        for line in result["log_examples"]:
            print(f"    {line}")
    stamped = {"measured_at": datetime.now(UTC).isoformat(timespec="seconds"), **results}
    result_write("mail_faults.json", stamped)
    return 0


if __name__ == "__main__":
    sys.exit(main())
