from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper
from django_tenants.models import DomainMixin, TenantMixin

from tenants.names import schema_name_for_slug, validate_organization_slug, validate_schema_name


class OrganizationStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ARCHIVED = "archived", "Archived"


class Organization(TenantMixin):
    """A customer. Its data lives in the PostgreSQL schema `schema_name`."""

    name = models.CharField(max_length=200)
    slug = models.CharField(max_length=40, unique=True, validators=[validate_organization_slug])
    status = models.CharField(
        max_length=16, choices=OrganizationStatus.choices, default=OrganizationStatus.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Digest of the migrations its schema has applied (tenants.schemas.migration_state).
    # While it differs from the code's, the organization's domains answer 503.
    migration_digest = models.CharField(max_length=16, blank=True, default="")
    # Fair share (tenants/routing/fair_share.py): the plan's limits (ORGANIZATION_PLANS),
    # unless a platform admin set an override here.
    plan = models.CharField(max_length=32, default="standard")
    requests_per_minute = models.PositiveIntegerField(null=True, blank=True)
    concurrent_requests = models.PositiveSmallIntegerField(null=True, blank=True)

    # Schemas are made only by the schema engine (tenants.schemas), never as a side effect
    # of save(): django-tenants' own path adopts an existing schema (docs/architecture.md
    # trap 3).
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["slug"]
        indexes = [
            # django-tenants compares schema names ignoring case before it saves a new
            # organization (schema_name__iexact): without this, a read of every organization.
            models.Index(Upper("schema_name"), name="tenants_org_schema_name_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.slug})"

    def clean(self) -> None:
        super().clean()
        if self.slug and self.schema_name != schema_name_for_slug(self.slug):
            raise ValidationError({"schema_name": "The schema name is derived from the slug."})
        try:
            validate_schema_name(self.schema_name)
        except ValidationError as error:
            raise ValidationError({"schema_name": error.messages}) from error

    @property
    def primary_hostname(self) -> str:
        return f"{self.slug}.{settings.TENANT_BASE_DOMAIN}"


class Domain(DomainMixin):
    """A hostname that routes to an organization. Stored case-folded, without a final dot."""

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().rstrip(".")
        super().save(*args, **kwargs)
