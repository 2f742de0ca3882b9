from django.conf import settings
from django.db import models

from tenants.roles import Role


class MembershipIndex(models.Model):
    """The public copy of who belongs where (docs/architecture.md, "The schema split").

    Membership is true in the tenant schema; this row is written in the same transaction so
    that "my organizations" is one query and never scans schemas.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership_index"
    )
    organization = models.ForeignKey(
        "tenants.Organization", on_delete=models.CASCADE, related_name="membership_index"
    )
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="tenants_membershipindex_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.organization_id} as {self.role}"
