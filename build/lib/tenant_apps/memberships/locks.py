"""The team lock: who belongs to an organization, and with which role, changes under it.

Additions, role changes and removals take it exclusively, so that what they checked ("is
another owner left?", "already a member?") still holds when they commit. Writes that rely
on someone staying a member with their current role (a grant, a project they will own) take
it shared: those run side by side, and a removal or role change waits for them, and they for
it, so no grant or project outlives its member's place in the team.
"""

from django.db import connection

from core.db.locks import advisory_xact_lock


def team_lock(*, schema_name: str | None = None, shared: bool = False) -> None:
    """Lock the team of the organization in `schema_name` (default: the active schema)
    until the current transaction ends."""
    advisory_xact_lock(f"team:{schema_name or connection.schema_name}", shared=shared)
