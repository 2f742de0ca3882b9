from django.conf import settings
from django.db import models
from django.db.models import Q

from tenants.roles import Role


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"  # still pending past its expiry when the daily chore ran


class Invitation(models.Model):
    """An invitation to join this organization (a tenant table).

    The token is stored only as its SHA-256 digest; re-inviting replaces it. At most one
    pending invitation per email.
    """

    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=16, choices=Role.choices)
    token_digest = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    # Users are erased by a service that clears this first, never by a cascade; no database
    # constraint across schemas (tenants/selectors/user_references.py).
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status="pending"),
                name="invitations_one_pending_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} as {self.role} ({self.status})"
