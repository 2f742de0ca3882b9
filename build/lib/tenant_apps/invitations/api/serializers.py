from rest_framework import serializers

from core.api.fields import StrictCharField
from core.api.mail import MailStateField
from tenant_apps.invitations.models import Invitation
from tenants.roles import Role


class InvitationSerializer(serializers.ModelSerializer):
    invited_by = serializers.EmailField(source="invited_by.email", read_only=True, default=None)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "status", "invited_by", "created_at", "expires_at"]
        read_only_fields = fields


class InvitationSentSerializer(InvitationSerializer):
    """The invitation, and the state of the mail that carries its token."""

    mail = MailStateField()

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "mail"]
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    email = StrictCharField(max_length=254)
    role = serializers.ChoiceField(choices=Role.choices)


class InvitationAcceptSerializer(serializers.Serializer):
    token = StrictCharField(max_length=256)
    password = StrictCharField(max_length=1024, required=False, trim_whitespace=False)
    first_name = StrictCharField(max_length=150, required=False)
    last_name = StrictCharField(max_length=150, required=False)


class InvitationAcceptedSerializer(serializers.Serializer):
    organization = serializers.CharField()
    role = serializers.CharField()
    token = serializers.CharField(allow_null=True)
