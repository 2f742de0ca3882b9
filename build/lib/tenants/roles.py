"""The roles a member holds in an organization.

They belong to the tenancy layer, not to the memberships app, because the shared
membership index in `public` stores them beside the tenant schema's own rows.
"""

from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    ADMIN = "admin", "Admin"
    MEMBER = "member", "Member"
    VIEWER = "viewer", "Viewer"
