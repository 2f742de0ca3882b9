"""Reads of the current organization's members. They run in the active tenant schema."""

from django.db.models import QuerySet

from core.errors import DomainError, NotFound
from tenant_apps.memberships.models import Membership

_UNSET = object()


def membership_of_request(request) -> Membership | None:
    """The caller's membership in the request's organization, looked up once per request."""
    django_request = getattr(request, "_request", request)
    cached = getattr(django_request, "_membership", _UNSET)
    if cached is _UNSET:
        cached = Membership.objects.filter(user_id=request.user.pk).first()
        django_request._membership = cached
    return cached


def member_role(*, user) -> str | None:
    """The user's role in the active schema's organization, or None for a non-member."""
    return Membership.objects.filter(user=user).values_list("role", flat=True).first()


def member_list() -> QuerySet[Membership]:
    return Membership.objects.select_related("user").order_by("joined_at", "id")


NOT_A_MEMBER = "not_a_member"
NOT_A_MEMBER_MESSAGE = "This user is not a member of this organization."


def member_require(*, user_id: object, field: str | None = None) -> Membership:
    """The membership of `user_id` in the active schema's organization. Anyone else is
    refused with the code `not_a_member`: a 404, or, when the id came in the request body
    as `field`, a 400 naming that field."""
    is_id = isinstance(user_id, int) and not isinstance(user_id, bool)
    membership = member_list().filter(user_id=user_id).first() if is_id else None
    if membership is not None:
        return membership
    if field is not None:
        raise DomainError(
            NOT_A_MEMBER_MESSAGE, code=NOT_A_MEMBER, fields={field: [NOT_A_MEMBER_MESSAGE]}
        )
    raise NotFound(NOT_A_MEMBER_MESSAGE, code=NOT_A_MEMBER)
