"""The backup folder's files (TENANT_BACKUP_DIR): a plain SQL dump of one schema,
`<slug>-<UTC time>.sql` (INSERT statements, so it can be replayed inside our own
transaction), verified complete, and `<name>.json`, its manifest (the registry data and the
dump's SHA-256). Purge writes one before it drops a schema, a live backup while the
organization serves. Both read one consistent snapshot: without pg_dump when the schema is
at the code's migration state (tenants/schemas/snapshot_dump.py), else with it."""

import hashlib
import json
import re
from pathlib import Path

import psycopg
from django.conf import settings
from django.utils import timezone

from core.errors import ServiceUnavailable
from tenants.models import Organization
from tenants.schemas import PgDumpFailed, schema_dump
from tenants.schemas.dump import DUMP_COMPLETE
from tenants.schemas.snapshot_dump import snapshot_dump

# The time to the microsecond: backups of one organization at once get names of their own.
# Names made before that have the time to the second.
BACKUP_NAME = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]-\d{8}T\d{6}(\d{6})?Z\.sql\Z")


def backup_dir() -> Path:
    path = Path(settings.TENANT_BACKUP_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def backup_path(slug: str) -> Path:
    return backup_dir() / f"{slug}-{timezone.now().strftime('%Y%m%dT%H%M%S%fZ')}.sql"


def manifest_path(dump: Path) -> Path:
    return Path(f"{dump}.json")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_write(organization: Organization, dump: Path, **moment: str) -> dict:
    """Write and return the manifest of `dump`, a verified dump of `organization`: what a
    restore needs to bring it back (registry data, domains, the schema's migration state),
    `moment` (when it was taken, and why), and the dump's size and SHA-256."""
    manifest = {
        "name": organization.name,
        "slug": organization.slug,
        "schema_name": organization.schema_name,
        "created_at": organization.created_at.isoformat(),
        **moment,
        "domains": list(organization.domains.values("domain", "is_primary")),
        "migration_digest": organization.migration_digest,
        "size_bytes": dump.stat().st_size,
        "sha256": sha256_of(dump),
    }
    manifest_path(dump).write_text(json.dumps(manifest, indent=2))
    return manifest


def dump_verified(schema_name: str, target: Path, *, untouched: str) -> None:
    """Dump `schema_name` into `target` and check the file is complete, or remove it and
    raise `backup_failed`; `untouched` says what the failure left alone."""
    try:
        if not snapshot_dump(schema_name, target=target):  # no pg_dump: tenants/schemas
            schema_dump(
                schema_name, "--inserts", "--rows-per-insert=500", "--file", str(target),
                timeout=600,
            )  # fmt: skip
    except (PgDumpFailed, psycopg.Error) as error:  # the snapshot's own connection: psycopg's
        target.unlink(missing_ok=True)
        raise ServiceUnavailable(f"{error}; {untouched}.", code="backup_failed") from error
    text = target.read_text() if target.exists() else ""
    if f"CREATE SCHEMA {schema_name};" not in text or DUMP_COMPLETE not in text:
        target.unlink(missing_ok=True)
        raise ServiceUnavailable(
            f"The backup of {schema_name} is incomplete; {untouched}.", code="backup_failed"
        )
