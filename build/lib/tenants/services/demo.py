"""The demo data behind `make run`: an organization `acme`, its owner and a platform admin."""

from dataclasses import dataclass

from django.db import transaction

from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create, project_grant
from tenants.models import Organization
from tenants.roles import Role
from tenants.services.provisioning import organization_create

DEMO_SLUG = "acme"
DEMO_NAME = "Acme Inc."
DEMO_OWNER_EMAIL = "owner@example.com"
DEMO_ADMIN_EMAIL = "admin@example.com"
DEMO_MEMBER_EMAIL = "member@example.com"
DEMO_VIEWER_EMAIL = "viewer@example.com"
DEMO_PROJECTS = [
    # (name, description, created by)
    ("Website relaunch", "New marketing site, owned by the owner.", DEMO_OWNER_EMAIL),
    ("Mobile app", "Created by the member: they hold view/change/delete on it.", DEMO_MEMBER_EMAIL),
    ("Board report", "Only owners and admins see this one.", DEMO_OWNER_EMAIL),
]
DEMO_PASSWORD = "tenantry-demo"  # noqa: S105 - printed to the developer on purpose


@dataclass(frozen=True)
class Demo:
    organization: Organization
    owner: User
    platform_admin: User
    member: User
    viewer: User


def _ensure_user(*, email: str, **fields) -> User:
    user = User.objects.filter(email=email).first()
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
    organization = Organization.objects.filter(slug=DEMO_SLUG).first()
    if organization is None:
        organization = organization_create(name=DEMO_NAME, slug=DEMO_SLUG, owner_email=owner.email)
    member = _ensure_user(email=DEMO_MEMBER_EMAIL, first_name="Max", last_name="Member")
    viewer = _ensure_user(email=DEMO_VIEWER_EMAIL, first_name="Vera", last_name="Viewer")
    _seed(organization, member=member, viewer=viewer)
    return Demo(
        organization=organization,
        owner=owner,
        platform_admin=platform_admin,
        member=member,
        viewer=viewer,
    )


def _seed(organization: Organization, *, member: User, viewer: User) -> None:
    """A member, a viewer and a few projects, so the permissions show at once."""
    with organization:
        roles = dict(Membership.objects.values_list("user_id", "role"))
        has_projects = Project.objects.exists()
        for user, role in ((member, Role.MEMBER), (viewer, Role.VIEWER)):
            if user.pk not in roles:
                membership_add(organization=organization, user=user, role=role)
    if has_projects:
        return
    with organization:
        users = {
            user.email: user
            for user in User.objects.filter(email__in=[DEMO_OWNER_EMAIL, DEMO_MEMBER_EMAIL])
        }
        projects = [
            project_create(actor=users[creator], name=name, description=description)
            for name, description, creator in DEMO_PROJECTS
        ]
        # The viewer may read the member's project, nothing else.
        project_grant(
            actor=users[DEMO_MEMBER_EMAIL],
            project=projects[1],
            user_id=viewer.pk,
            permission="view",
        )
