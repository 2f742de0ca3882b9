from django.db import models


class SpareSchema(models.Model):
    """A tenant schema built ahead from the template, waiting to become an organization's.

    Provisioning renames one to the new organization's schema (tenants.schemas.spares), so
    the caller does not wait for the DDL. Spares are named `spare_<hex>`, never `org_*`, so
    nothing that walks organization schemas sees them.
    """

    schema_name = models.CharField(max_length=63, unique=True)
    digest = models.CharField(max_length=16)  # the code version it was built for
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"spare {self.schema_name} ({self.digest})"
