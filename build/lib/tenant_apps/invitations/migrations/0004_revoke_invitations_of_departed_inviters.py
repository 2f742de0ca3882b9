"""Apply the inviter policy to invitations sent before it existed: a pending invitation
whose inviter has left, was erased, or was demoted below the role it invites is revoked
(tenant_apps/memberships/services/membership.py, invitations_lapse_for_inviter)."""

from django.db import migrations
from django.utils import timezone

from tenant_apps.memberships.models import roles_invitable_by


def revoke_lapsed_invitations(apps, schema_editor):
    Invitation = apps.get_model("invitations", "Invitation")
    Membership = apps.get_model("memberships", "Membership")
    roles = dict(Membership.objects.values_list("user_id", "role"))
    lapsed = [
        invitation.pk
        for invitation in Invitation.objects.filter(status="pending")
        if invitation.role not in roles_invitable_by(roles.get(invitation.invited_by_id))
    ]
    Invitation.objects.filter(pk__in=lapsed).update(status="revoked", responded_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("invitations", "0003_normalize_emails"),
        ("memberships", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(revoke_lapsed_invitations, migrations.RunPython.noop),
    ]
