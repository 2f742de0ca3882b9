"""A backup of one organization's schema without pg_dump.

pg_dump reads the whole catalog and locks every table it lists before it writes a line, so
one organization's dump grows with the number of organizations (seconds at 10,000:
BENCHMARKS.md, "Backups at scale"). Every schema at one migration state has the same DDL, which the
template of that state already holds (tenants/schemas/template.py). So the dump is that DDL
with the schema's name, then the schema's rows, read in one repeatable-read, read-only
snapshot on a connection of its own (the organization keeps serving), as INSERT statements,
then its sequences: the same kind of script pg_dump writes with `--inserts`, which restore
replays unchanged (tenants/schemas/dump.py, `schema_load`).

A schema whose state has no template (behind the code, or before the first one was taken)
is left to pg_dump: `snapshot_dump` then writes nothing and answers False.

A line marks where the rows begin. A restore at the same migration state can then take a
spare schema (built from the same template) and replay the rows alone (`snapshot_rows`):
DDL gets slower as the catalog grows, a spare's rename does not.
"""

import re
from pathlib import Path

import psycopg
from django.db import connection
from psycopg import sql

from tenants.models import SchemaTemplate
from tenants.schemas.dump import DUMP_COMPLETE
from tenants.schemas.migration_state import expected_migrations, target_digest

ROWS_PER_INSERT = 500
HEADER = re.compile(r"\A-- Tenantry snapshot dump of (?P<schema>\w+), migrations (?P<digest>\w+)\n")
ROWS_BEGIN = "-- Tenantry snapshot rows"
# Values are read as text in these settings, so that they read back the same anywhere.
READ_SETTINGS = (
    "SET LOCAL timezone = 'UTC'",
    "SET LOCAL datestyle = 'ISO, YMD'",
    "SET LOCAL intervalstyle = 'postgres'",
    "SET LOCAL extra_float_digits = 3",
    "SET LOCAL bytea_output = 'hex'",
    "SET LOCAL statement_timeout = 0",
)


def snapshot_dump(schema_name: str, *, target: Path) -> bool:
    """Write the dump of `schema_name` to `target`; False (and no file) unless the schema
    is at the code's migration state, as read in the snapshot itself, and the template of
    that state is stored."""
    template = SchemaTemplate.objects.filter(digest=target_digest()).first()
    if template is None:
        return False
    ddl = template.ddl_for(schema_name)
    with _snapshot() as snapshot:
        if _applied_migrations(snapshot, schema_name) != expected_migrations():
            return False
        with target.open("w") as out:
            _write(snapshot, out, schema_name, ddl)
    return True


def _write(snapshot: psycopg.Connection, out, schema_name: str, ddl: str) -> None:
    out.write(f"-- Tenantry snapshot dump of {schema_name}, migrations {target_digest()}\n\n")
    out.write(f"CREATE SCHEMA {schema_name};\n\n{ddl}\n\n{ROWS_BEGIN}\n")
    for table in _tables(ddl, schema_name):
        _write_rows(snapshot, out, schema_name, table)
    for sequence, last_value in _sequences(snapshot, schema_name, ddl):
        name = _literal(snapshot, f"{schema_name}.{sequence}")
        out.write(f"SELECT pg_catalog.setval({name}, {int(last_value)}, true);\n")
    out.write(f"\n--\n{DUMP_COMPLETE}\n--\n")


def snapshot_rows(script: str, *, schema_name: str) -> str | None:
    """The rows part of `script` (INSERTs and sequence values) when it is a snapshot dump of
    `schema_name` at the code's migration state, else None."""
    header = HEADER.match(script)
    if header is None or (header["schema"], header["digest"]) != (schema_name, target_digest()):
        return None
    _, marker, rows = script.partition(f"\n{ROWS_BEGIN}\n")
    return rows if marker else None


def _applied_migrations(snapshot: psycopg.Connection, schema_name: str) -> frozenset:
    table = sql.Identifier(schema_name, "django_migrations")
    rows = snapshot.execute(sql.SQL("SELECT app, name FROM {}").format(table))
    return frozenset((app, name) for app, name in rows)


def _snapshot() -> psycopg.Connection:
    """A connection of its own in a repeatable-read, read-only transaction."""
    settings = connection.settings_dict
    snapshot = psycopg.connect(
        # No server-side prepared statements: behind a transaction-mode pooler the server
        # connection may hold another client's under the same name.
        prepare_threshold=None,
        dbname=settings["NAME"],
        host=settings.get("HOST") or None,
        port=settings.get("PORT") or None,
        user=settings.get("USER") or None,
        password=settings.get("PASSWORD") or None,
    )
    snapshot.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    for setting in READ_SETTINGS:
        snapshot.execute(setting)
    return snapshot


def _tables(ddl: str, schema_name: str) -> list[str]:
    """The schema's tables, as its DDL creates them. Read from the DDL, not the catalog: a
    catalog filter on the schema alone scans every relation of every organization
    (440,000 at 10,000 organizations), where a lookup by name uses pg_class's index."""
    return re.findall(rf"^CREATE TABLE {re.escape(schema_name)}\.(\w+) \(", ddl, re.MULTILINE)


def _columns(snapshot: psycopg.Connection, schema_name: str, table: str) -> list[str]:
    """The table's stored columns in order (a generated column is computed again)."""
    rows = snapshot.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
        "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
        [sql.Identifier(schema_name, table).as_string(snapshot)],
    )
    return [row[0] for row in rows]


def _write_rows(snapshot: psycopg.Connection, out, schema_name: str, table: str) -> None:
    columns = _columns(snapshot, schema_name, table)
    qualified = sql.Identifier(schema_name, table)
    names = sql.SQL(", ").join(map(sql.Identifier, columns)).as_string(snapshot)
    as_text = sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns)
    insert = f"INSERT INTO {qualified.as_string(snapshot)} ({names}) OVERRIDING SYSTEM VALUE VALUES"
    with snapshot.cursor(name=f"rows_of_{table}") as rows:  # streamed, not held in memory
        rows.execute(sql.SQL("SELECT {} FROM {}").format(as_text, qualified))
        while batch := rows.fetchmany(ROWS_PER_INSERT):
            values = ",\n\t".join(
                "(" + ", ".join(_literal(snapshot, value) for value in row) + ")" for row in batch
            )
            out.write(f"{insert}\n\t{values};\n\n")


def _sequences(snapshot: psycopg.Connection, schema_name: str, ddl: str) -> list[tuple[str, int]]:
    """Each of the DDL's sequences that has given out a value, with the last one (looked up
    by name, as the tables are)."""
    prefix = re.escape(schema_name)
    names = re.findall(rf"(?:SEQUENCE NAME|^CREATE SEQUENCE) {prefix}\.(\w+)", ddl, re.MULTILINE)
    rows = snapshot.execute(
        "SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = ANY(%s) "
        "AND schemaname = %s AND last_value IS NOT NULL ORDER BY sequencename",
        [names, schema_name],
    )
    return [(row[0], row[1]) for row in rows]


def _literal(snapshot: psycopg.Connection, value: str | None) -> str:
    # Text or NULL: PostgreSQL casts an untyped literal to the column's type on insert.
    return "NULL" if value is None else sql.Literal(value).as_string(snapshot)
