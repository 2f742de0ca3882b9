from django.conf import settings
from django.db import models


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class Project(models.Model):
    """A unit of work inside one organization (a tenant table).

    Deleting is soft (`is_deleted`): the row stays, hidden from every read but restore.
    The slug is made once from the name and never changes, even on rename.
    """

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60)
    description = models.TextField(blank=True, default="")
    status = models.CharField(
        max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    # No database constraint across schemas (tenants/selectors/user_references.py).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    is_deleted = models.BooleanField(default=False)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="projects_project_slug_unique")
        ]
        indexes = [models.Index(fields=["is_deleted", "-created_at"], name="projects_live_recent")]

    def __str__(self) -> str:
        return self.name
