"""Where organizations live on a Citus cluster (README "Scaling out"): each organization's
schema is a distributed schema, placed whole on one worker node. On a single PostgreSQL
server there are no nodes: every answer here is empty, without a query.

A node is named `host:port`, as Citus registers it (`pg_dist_node`)."""

import re
from dataclasses import dataclass

from django.db import connection

from core.db.citus import citus_mode
from tenants.models import Organization

NODE = re.compile(r"^(?P<host>[^\s:]+):(?P<port>\d{1,5})$")

# The node of each distributed schema: the placement of one shard of its colocation group
# (all of a schema's tables are colocated, so one says where they all are).
SCHEMA_NODES = """
SELECT namespace.nspname, node.nodename || ':' || node.nodeport
FROM pg_dist_schema AS distributed
JOIN pg_namespace AS namespace ON namespace.oid = distributed.schemaid
JOIN LATERAL (
    SELECT shard.shardid
    FROM pg_dist_partition AS partition
    JOIN pg_dist_shard AS shard ON shard.logicalrelid = partition.logicalrelid
    WHERE partition.colocationid = distributed.colocationid
    LIMIT 1
) AS one_shard ON true
JOIN pg_dist_placement AS placement ON placement.shardid = one_shard.shardid
JOIN pg_dist_node AS node ON node.groupid = placement.groupid AND node.noderole = 'primary'
WHERE namespace.nspname = ANY(%s)
"""


def cluster_nodes() -> list[str]:
    """The active worker nodes that may hold organizations, in the order they joined; none
    on a single server."""
    if not citus_mode():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nodename || ':' || nodeport FROM pg_dist_node "
            "WHERE isactive AND noderole = 'primary' AND shouldhaveshards ORDER BY nodeid"
        )
        return [row[0] for row in cursor.fetchall()]


def organization_nodes(*, organizations) -> dict[int, str | None]:
    """Each organization's node (None for a schema not distributed, or on a single server):
    one query for a page, none on a single server."""
    organizations = list(organizations)
    if not organizations or not citus_mode():
        return dict.fromkeys((organization.pk for organization in organizations), None)
    with connection.cursor() as cursor:
        cursor.execute(SCHEMA_NODES, [[org.schema_name for org in organizations]])
        by_schema = dict(cursor.fetchall())
    return {org.pk: by_schema.get(org.schema_name) for org in organizations}


@dataclass(frozen=True)
class OrganizationLoad:
    """An organization's share of its node's work, as `citus_stat_tenants` counts it (the
    current period, `citus.stats_tenants_period`, a minute by default)."""

    queries: int
    reads: int
    cpu_seconds: float


def organization_load(*, organization: Organization) -> OrganizationLoad | None:
    """None on a single server, or before the organization's first query of the period. A
    moved organization is counted on both nodes until the period ends: summed here."""
    if not citus_mode():
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(query_count_in_this_period), sum(read_count_in_this_period), "
            "sum(cpu_usage_in_this_period) FROM citus_stat_tenants WHERE tenant_attribute = %s",
            [organization.schema_name],
        )
        queries, reads, cpu_seconds = cursor.fetchone()
    if queries is None:
        return None
    return OrganizationLoad(queries=queries, reads=reads, cpu_seconds=cpu_seconds)
