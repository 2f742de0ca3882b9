import re

from django.db import models


class SchemaTemplate(models.Model):
    """The DDL of a fully migrated tenant schema for one code version (migration digest).

    New organizations are built by running it instead of every migration
    (tenants.schemas.template). It is taken with `pg_dump --schema-only` from an organization
    already at that version, so it is exactly what the migrations produced.
    """

    digest = models.CharField(max_length=16, unique=True)
    source_schema = models.CharField(max_length=63)
    sql = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"template {self.digest} (from {self.source_schema})"

    def ddl_for(self, schema_name: str) -> str:
        """The DDL with `schema_name` in place of the schema it was taken from."""
        return re.sub(rf"\b{re.escape(self.source_schema)}\b", schema_name, self.sql)
