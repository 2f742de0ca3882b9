"""How the API reports the mail a write asked for: `"mail": {"status": ...}`."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.mail import MailStatus


class MailStateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=MailStatus.choices,
        help_text=(
            "queued (a job sends it once the write has committed, retrying with back-off: "
            "invitations); sent; failed (the write stands: see the log, and resend); "
            "pending (the transaction it belongs to has not committed yet)"
        ),
    )


@extend_schema_field(MailStateSerializer(allow_null=True))
class MailStateField(serializers.Field):
    """The state of the mail the write asked for, passed in the serializer's context as
    `mail` (`core.mail.mail_state`); null when no mail was due."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context.get("mail")
