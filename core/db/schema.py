"""The schema editor: Django's for PostgreSQL, with one change on Citus.

Three of Django's DDL templates put two commands in one statement string, with
`SET CONSTRAINTS ... IMMEDIATE` before or after the DDL (to run deferred checks first).
Citus forwards DDL to the worker that holds the table as the text it was sent, and a
worker refuses two commands in one prepared statement. On Citus (core/db/citus.py) the
two commands are sent one after the other, in the same transaction. `SET CONSTRAINTS`
itself does not reach the workers, where rows written earlier in the same transaction leave
checks pending: the table's worker is told by a function (core/db/citus.py).

Citus also refuses a column added with an unnamed check (a PositiveIntegerField's `>= 0`):
there the column is added bare and its check follows under the name Django gives a check
it adds later.
"""

import re

from django.db.backends.postgresql.schema import DatabaseSchemaEditor

from core.db.citus import citus_mode, deferred_checks_run_beside

CONSTRAINTS_AFTER = re.compile(r"^(?P<ddl>.*); (?P<set>SET CONSTRAINTS \S+ IMMEDIATE)$", re.DOTALL)
CONSTRAINTS_BEFORE = re.compile(r"^(?P<set>SET CONSTRAINTS \S+ IMMEDIATE); (?P<ddl>.*)$", re.DOTALL)
# The table the DDL of those templates acts on (`ALTER TABLE "t" ...`, `UPDATE "t" ...`).
DDL_TABLE = re.compile(r'^(?:ALTER TABLE|UPDATE) (?P<table>"[^"]+"(?:\."[^"]+")?)')


def split_constraint_checks(statement: str) -> list[str]:
    """`statement` as the commands it holds: Django's DDL and its SET CONSTRAINTS apart."""
    if match := CONSTRAINTS_AFTER.match(statement):
        return [match["ddl"], match["set"]]
    if match := CONSTRAINTS_BEFORE.match(statement):
        return [match["set"], match["ddl"]]
    return [statement]


class SchemaEditor(DatabaseSchemaEditor):
    def execute(self, sql, params=()):
        if not citus_mode(self.connection):
            return super().execute(sql, params)
        parts = split_constraint_checks(str(sql))  # a Statement too: a dropped FK is one
        if len(parts) == 1:
            return super().execute(sql, params)
        ddl_table = next(match["table"] for match in map(DDL_TABLE.match, parts) if match)
        for part in parts:
            if not part.startswith("SET CONSTRAINTS"):
                super().execute(part, params)
                continue
            super().execute(part, None)  # the coordinator's own tables
            with self.connection.cursor() as cursor:
                deferred_checks_run_beside(cursor, ddl_table)  # the worker's
        return None

    def add_field(self, model, field):
        check = field.db_parameters(connection=self.connection)["check"]
        if not check or not citus_mode(self.connection):
            return super().add_field(model, field)
        # db_check reads the connection's map: empty, the column comes without its check.
        self.connection.data_type_check_constraints = {}
        try:
            super().add_field(model, field)
        finally:
            del self.connection.data_type_check_constraints  # the class's map again
        name = self._create_index_name(model._meta.db_table, [field.column], suffix="_check")
        self.execute(self._create_check_sql(model, name, check))
        return None
