"""Reads of the catalog and across organization schemas, each in a constant number of
queries however many schemas the database holds, or one query per
UNION_SCHEMAS_PER_QUERY schemas read.

Schema names come from the registry and are always quoted with `sql.Identifier`.
"""

from django.db import connection
from psycopg import sql

# PostgreSQL plans a UNION ALL recursively: over 10,000 schemas it runs out of stack
# ("stack depth limit exceeded" at the default max_stack_depth of 2 MB).
UNION_SCHEMAS_PER_QUERY = 500


def schemas_with_table(*, table: str, schemas: list[str] | None = None) -> list[str]:
    """Organization schemas that have `table`; or, given `schemas` (which may name a spare
    schema too), those of them that have it."""
    if schemas is None:
        query = (
            "SELECT schemaname FROM pg_tables WHERE tablename = %s "
            "AND schemaname LIKE 'org\\_%%' ORDER BY schemaname"
        )
        params: list = [table]
    else:
        # One index lookup per named schema, however many schemas the database holds.
        query = (
            "SELECT name FROM unnest(%s::text[]) AS name "
            "WHERE to_regclass(format('%%I.%%I', name, %s)) IS NOT NULL ORDER BY name"
        )
        params = [list(schemas), table]
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return [row[0] for row in cursor.fetchall()]


def union_over_schemas(
    *,
    schemas: list[str],
    select: str,
    table: str,
    column: str | None = None,
    params: list | None = None,
) -> list[tuple]:
    """Run `select` (a query on `{schema}.{table}`, optionally naming `{column}`) in every
    schema as UNION ALL queries of UNION_SCHEMAS_PER_QUERY schemas; each row starts with the
    schema name. `params` are repeated for each schema."""
    rows: list[tuple] = []
    for start in range(0, len(schemas), UNION_SCHEMAS_PER_QUERY):
        part = schemas[start : start + UNION_SCHEMAS_PER_QUERY]
        rows += _union(schemas=part, select=select, table=table, column=column, params=params)
    return rows


def _union(
    *, schemas: list[str], select: str, table: str, column: str | None, params: list | None
) -> list[tuple]:
    query = sql.SQL(" UNION ALL ").join(
        sql.SQL("SELECT {}::text, q.* FROM ({}) AS q").format(
            sql.Literal(schema),
            sql.SQL(select).format(
                schema=sql.Identifier(schema),
                table=sql.Identifier(table),
                **({"column": sql.Identifier(column)} if column else {}),
            ),
        )
        for schema in schemas
    )
    params = params or []
    with connection.cursor() as cursor:
        cursor.execute(query.as_string(cursor.connection), params * len(schemas))
        return cursor.fetchall()
