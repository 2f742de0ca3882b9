"""Per-organization limits (tenants/routing/fair_share.py): its plan, and overrides of the
plan's request rate and concurrency, set by platform admins."""

from django.conf import settings
from django.db import transaction

from core.validation import raise_for_field_errors
from tenants.models import Organization
from tenants.routing.cache import routing_changed

# Above these a limit limits nothing; a typo of a few zeros is refused instead.
MAX_REQUESTS_PER_MINUTE = 10_000_000
MAX_CONCURRENT_REQUESTS = 1_000
UNSET = object()


def _limit_errors(value: object, maximum: int) -> list[str]:
    if value is None:
        return []  # back to the plan's
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
        return [f"A whole number from 1 to {maximum}, or null for the plan's."]
    return []


@transaction.atomic
def organization_limits_set(
    *,
    organization: Organization,
    plan: object = UNSET,
    requests_per_minute: object = UNSET,
    concurrent_requests: object = UNSET,
) -> Organization:
    """Change what is given (a plan name; an override, or None for the plan's); every
    request of the organization follows at once (the routing cache is told)."""
    changes = {
        field: value
        for field, value in {
            "plan": plan,
            "requests_per_minute": requests_per_minute,
            "concurrent_requests": concurrent_requests,
        }.items()
        if value is not UNSET
    }
    raise_for_field_errors(
        plan=[]
        if "plan" not in changes or changes["plan"] in settings.ORGANIZATION_PLANS
        else [f"One of {', '.join(sorted(settings.ORGANIZATION_PLANS))}."],
        requests_per_minute=_limit_errors(
            changes.get("requests_per_minute"), MAX_REQUESTS_PER_MINUTE
        ),
        concurrent_requests=_limit_errors(
            changes.get("concurrent_requests"), MAX_CONCURRENT_REQUESTS
        ),
    )
    if changes:
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        for field, value in changes.items():
            setattr(organization, field, value)
        organization.save(update_fields=[*changes, "updated_at"])
        routing_changed()
    return organization
