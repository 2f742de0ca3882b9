"""The invitation mail: where its link leads and what it says."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from core.links import link_from_template
from tenant_apps.invitations.models import Invitation
from tenants.links import organization_hostname, organization_link
from tenants.models import Organization


def invitation_link(organization: Organization, token: str) -> str:
    """Where the mail sends the invitee: the accept page on the organization's domain, or
    the team's own front end (INVITATION_URL)."""
    if settings.INVITATION_URL:
        return link_from_template(
            settings.INVITATION_URL,
            token=token,
            organization=organization.slug,
            domain=organization_hostname(organization),
        )
    # The page moves the token into its form and sends no Referer to another site
    # (core/pages.py).
    path = reverse("invitation-accept-page", urlconf=settings.ROOT_URLCONF)
    return organization_link(organization, f"{path}?{urlencode({'token': token})}")


def invitation_message(
    organization: Organization, invitation: Invitation, token: str
) -> EmailMessage:
    return EmailMessage(
        subject=f"You are invited to {organization.name} on Tenantry",
        body=(
            f"You are invited to join {organization.name} as {invitation.role}.\n\n"
            "Open this link within 7 days to accept:\n"
            f"{invitation_link(organization, token)}\n\n"
            "There you create your account, or sign in if you have one with this email\n"
            "address. The link works once. If you did not expect this, ignore this mail.\n"
        ),
        to=[invitation.email],
    )
