from django.conf import settings
from django.db import models

from tenants.roles import Role


def roles_invitable_by(role: str | None) -> frozenset[str]:
    """The roles a member with `role` may invite people as: owners any role, admins any but
    owner, members, viewers and non-members (None) none."""
    if role == Role.OWNER:
        return frozenset(Role.values)
    if role == Role.ADMIN:
        return frozenset({Role.ADMIN, Role.MEMBER, Role.VIEWER})
    return frozenset()


class Membership(models.Model):
    """A user's place in this organization (a tenant table: one per schema).

    `user` points at the shared `accounts_user` table in `public` without a database
    constraint (see tenants/selectors/user_references.py): users are erased by a service
    that visits every schema, never deleted by a cascade started from `public`.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return f"{self.user_id} as {self.role}"
