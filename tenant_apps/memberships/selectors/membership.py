"""Reads of the current organization's members. They run in the active tenant schema."""

from django.db.models import QuerySet

from core.errors import NotFound
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


def member_get(*, user_id: int) -> Membership:
    membership = member_list().filter(user_id=user_id).first()
    if membership is None:
        raise NotFound("No member with this id.")
    return membership
