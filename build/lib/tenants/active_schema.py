"""Which organization's schema a service works in (docs/architecture.md, "The active schema").

Services and selectors act in the active schema; they never switch it. The routing
middleware enters an organization's schema for its requests, and everything else (commands,
platform services that visit several organizations, tests) enters it with
`with organization:`. A service that is handed an organization (to write its index row, or
to name it in a mail) calls `require_active` first, so a caller that forgot to enter fails
at once instead of writing into whichever schema happened to be active.
"""

from django.db import connection

from tenants.models import Organization


class WrongActiveSchema(RuntimeError):
    """A programming error: the caller did not enter the organization's schema."""


def require_active(organization: Organization) -> None:
    if connection.schema_name != organization.schema_name:
        raise WrongActiveSchema(
            f"This service acts in {organization.schema_name}, but the active schema is "
            f"{connection.schema_name}: enter it first (`with organization:`)."
        )
