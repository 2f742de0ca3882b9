"""Reads across every organization's schema (tenants/schemas/catalog.py) hold at 10,000
organizations: one UNION ALL over them all ran PostgreSQL out of stack ("stack depth limit
exceeded"), which stopped `migrate_tenants` there (bench-scale found it)."""

import pytest

from tenants.schemas import union_over_schemas
from tenants.schemas.catalog import UNION_SCHEMAS_PER_QUERY

pytestmark = pytest.mark.django_db

TEN_THOUSAND_AND_SOME = 12_000


def test_a_union_over_twelve_thousand_schemas_answers_every_row(tenant):
    # The same schema named again and again: the query is as deep as over as many schemas.
    schemas = [tenant.schema_name] * TEN_THOUSAND_AND_SOME

    rows = union_over_schemas(
        schemas=schemas,
        select="SELECT app FROM {schema}.{table} LIMIT 1",
        table="django_migrations",
    )

    assert len(rows) == TEN_THOUSAND_AND_SOME
    assert {schema for schema, _ in rows} == {tenant.schema_name}


def test_the_union_is_cut_into_queries_of_a_bounded_number_of_schemas(
    tenant, django_assert_num_queries
):
    schemas = [tenant.schema_name] * (2 * UNION_SCHEMAS_PER_QUERY + 1)

    with django_assert_num_queries(3):
        rows = union_over_schemas(
            schemas=schemas,
            select="SELECT 1 FROM {schema}.{table} LIMIT 1",
            table="django_migrations",
        )

    assert len(rows) == len(schemas)
