"""Store every invitation's address in its normalized form (normalize_email_address), so
erasure and acceptance find it by an exact match.

Unlike accounts, nothing here needs a person's decision: an invitation can be sent again.
A pending invitation to an address that cannot be stored (a look-alike) is revoked, and
when two pending invitations become one address the newest stays pending and the others
are revoked. Accepted and revoked invitations are history: their address is normalized
when it can be, and left as it was otherwise.
"""

from django.db import migrations
from django.utils import timezone

from shared_apps.accounts.email_address import EmailAddressRefused, normalize_email_address


def _normalized(email: str) -> str | None:
    try:
        return normalize_email_address(email)
    except EmailAddressRefused:
        return None


def normalize_invitation_emails(apps, schema_editor):
    Invitation = apps.get_model("invitations", "Invitation")
    invitations = list(Invitation.objects.order_by("-created_at", "-id"))
    # First revoke, newest first (the newest pending invitation of an address stays), so
    # that renaming never meets the "one pending invitation per email" constraint.
    kept_pending: set[str] = set()
    for invitation in invitations:
        if invitation.status != "pending":
            continue
        address = _normalized(invitation.email)
        if address is None or address in kept_pending:
            invitation.status, invitation.responded_at = "revoked", timezone.now()
            invitation.save(update_fields=["status", "responded_at"])
        else:
            kept_pending.add(address)
    for invitation in invitations:
        address = _normalized(invitation.email)
        if address is not None and address != invitation.email:
            invitation.email = address
            invitation.save(update_fields=["email"])


class Migration(migrations.Migration):
    dependencies = [("invitations", "0002_user_without_db_constraint")]

    operations = [
        migrations.RunPython(normalize_invitation_emails, migrations.RunPython.noop),
    ]
