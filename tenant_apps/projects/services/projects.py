"""Writes to projects. They run in the active tenant schema; `actor` is the caller."""

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from guardian.shortcuts import assign_perm

from core.db.citus import violated_constraint
from core.db.locks import advisory_xact_lock_try
from core.errors import Conflict, Forbidden
from core.validation import choice_errors, raise_for_field_errors, single_line_errors, text_errors
from shared_apps.accounts.models import User
from tenant_apps.memberships.locks import team_lock
from tenant_apps.memberships.selectors import member_require
from tenant_apps.projects.models import Project, ProjectStatus
from tenant_apps.projects.selectors import PERMISSIONS, qualified, user_can
from tenants.roles import Role

MAX_NAME = 200
MAX_DESCRIPTION = 10_000
SLUG_BASE_LENGTH = 50
# A failed attempt means a create of the same name committed since we looked.
SLUG_ATTEMPTS = 100
SLUG_CONSTRAINT = "projects_project_slug_unique"


def _check_fields(**fields) -> None:
    checks = {
        "name": lambda value: single_line_errors(value, max_length=MAX_NAME),
        "description": lambda value: text_errors(value, max_length=MAX_DESCRIPTION),
        "status": lambda value: choice_errors(value, choices=ProjectStatus.values),
    }
    raise_for_field_errors(**{name: checks[name](value) for name, value in fields.items()})


def _slug(base: str, number: int) -> str:
    return base if number == 1 else f"{base}-{number}"


def _committed_slugs(base: str) -> set[str]:
    return set(Project.objects.filter(slug__startswith=base).values_list("slug", flat=True))


def _claim_free_slug(base: str, taken: set[str], number: int) -> int:
    """The first number from `number` on whose slug is neither taken nor being tried by a
    concurrent create (each create claims the slug it tries with a lock that never waits),
    so creates of one name at once try different slugs instead of queueing on one."""
    while _slug(base, number) in taken or not advisory_xact_lock_try(
        f"project-slug:{connection.schema_name}:{_slug(base, number)}"
    ):
        number += 1
    return number


def _is_slug_conflict(error: IntegrityError) -> bool:
    return violated_constraint(error) == SLUG_CONSTRAINT


@transaction.atomic
def project_create(
    *, actor: User, name: str, description: str = "", status: str = ProjectStatus.ACTIVE
) -> Project:
    """Create a project owned by `actor`, who receives view, change and delete on it."""
    team_lock(shared=True)  # the actor stays a member until we commit
    if member_require(user_id=actor.pk).role == Role.VIEWER:
        raise Forbidden("Viewers cannot create projects.")
    _check_fields(name=name, description=description, status=status)
    base = slugify(name)[:SLUG_BASE_LENGTH].strip("-") or "project"
    taken, number = _committed_slugs(base), 1
    for _attempt in range(SLUG_ATTEMPTS):
        number = _claim_free_slug(base, taken, number)
        try:
            with transaction.atomic():
                archived_at = timezone.now() if status == ProjectStatus.ARCHIVED else None
                project = Project.objects.create(
                    archived_at=archived_at,
                    name=name.strip(), slug=_slug(base, number), description=description,
                    status=status, owner=actor,
                )  # fmt: skip
            break
        except IntegrityError as error:
            if not _is_slug_conflict(error):
                raise
            # Committed since we looked (claims are only held by creates in progress).
            taken, number = _committed_slugs(base), number + 1
    else:
        raise Conflict("Could not find a free slug; try again.", code="slug_taken")
    for permission in PERMISSIONS:
        assign_perm(qualified(permission), actor, project)
    return project


def require_project_permission(actor: User, project: Project, action: str) -> None:
    if not user_can(
        user=actor, membership=member_require(user_id=actor.pk), project=project, action=action
    ):
        raise Forbidden(f"You do not have permission to {action} this project.")


@transaction.atomic
def project_update(*, actor: User, project: Project, **fields) -> Project:
    """Change name, description or status; the slug never changes."""
    require_project_permission(actor, project, "change")
    _check_fields(**fields)
    for field, value in fields.items():
        setattr(project, field, value.strip() if field == "name" else value)
    changed = [*fields, "updated_at"]
    if "status" in fields:
        archived = fields["status"] == ProjectStatus.ARCHIVED
        if archived != (project.archived_at is not None):
            project.archived_at = timezone.now() if archived else None
            changed.append("archived_at")
    project.save(update_fields=changed)
    return project


@transaction.atomic
def project_delete(*, actor: User, project: Project) -> None:
    """Soft delete: hidden everywhere but restore, kept in the database."""
    require_project_permission(actor, project, "delete")
    project.is_deleted = True
    project.save(update_fields=["is_deleted", "updated_at"])


@transaction.atomic
def project_restore(*, actor: User, project: Project) -> Project:
    require_project_permission(actor, project, "delete")
    if not project.is_deleted:
        raise Conflict("This project is not deleted.", code="not_deleted")
    project.is_deleted = False
    project.save(update_fields=["is_deleted", "updated_at"])
    return project


@transaction.atomic
def projects_reassign(*, from_user: User, to_user: User) -> int:
    """Give every project of `from_user` to `to_user` (when a member leaves)."""
    return Project.objects.filter(owner=from_user).update(owner=to_user)
