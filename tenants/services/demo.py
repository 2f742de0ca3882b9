"""The demo data behind `make run`: an organization `acme`, its owner and a platform admin."""

from dataclasses import dataclass

from django.db import transaction

from shared_apps.accounts.models import User
from tenants.models import Organization
from tenants.services.provisioning import organization_create

DEMO_SLUG = "acme"
DEMO_NAME = "Acme Inc."
DEMO_OWNER_EMAIL = "owner@example.com"
DEMO_ADMIN_EMAIL = "admin@example.com"
DEMO_PASSWORD = "tenantry-demo"  # noqa: S105 - printed to the developer on purpose


@dataclass(frozen=True)
class Demo:
    organization: Organization
    owner: User
    platform_admin: User


def _ensure_user(*, email: str, **fields) -> User:
    user = User.objects.filter(email__iexact=email).first()
    return user or User.objects.create_user(email=email, password=DEMO_PASSWORD, **fields)


@transaction.atomic
def demo_ensure() -> Demo:
    """Create what is missing of the demo; leave what exists alone."""
    owner = _ensure_user(email=DEMO_OWNER_EMAIL, first_name="Olivia", last_name="Owner")
    platform_admin = _ensure_user(
        email=DEMO_ADMIN_EMAIL,
        first_name="Ada",
        last_name="Admin",
        is_staff=True,
        is_superuser=True,
    )
    organization = Organization.objects.filter(slug=DEMO_SLUG).first() or organization_create(
        name=DEMO_NAME, slug=DEMO_SLUG, owner_email=owner.email
    )
    return Demo(organization=organization, owner=owner, platform_admin=platform_admin)
