"""Expiring stale invitations (the daily chore in tenant_apps/invitations/jobs.py), in the
active schema."""

from django.utils import timezone

from tenant_apps.invitations.models import Invitation, InvitationStatus


def invitations_expire_stale() -> int:
    """Mark the pending invitations past their expiry `expired`; returns how many.

    One UPDATE, whose WHERE is checked again on a row another transaction holds: a resend
    that locked the invitation and gave it a fresh expiry first keeps it pending, and a
    resend that comes after finds it expired (tests/concurrency/test_invitation_expiry.py).
    """
    return Invitation.objects.filter(
        status=InvitationStatus.PENDING, expires_at__lte=timezone.now()
    ).update(status=InvitationStatus.EXPIRED)
