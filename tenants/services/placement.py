"""Placement of organizations on a Citus cluster (README "Scaling out"): move one to another
worker node, or let Citus' rebalancer even them out. Both keep the organization serving:
Citus copies the schema with logical replication while reads and writes go on, then blocks
writes to it for the short cut-over (BENCHMARKS.md measures the pause).

A move runs in a transaction of its own that holds the organization's move lock and writes
nothing else (the copy waits for every transaction that has written: a caller's open one
would wait for itself). The rebalancer runs outside any."""

import logging
from dataclasses import dataclass

from django.db import connection, transaction

from core.db.citus import citus_mode
from core.db.locks import advisory_xact_lock_try
from core.db.timeouts import statement_timeout_lifted
from core.errors import Conflict, DomainError
from tenants.models import Organization
from tenants.schemas.citus import (
    deferred_checks_function_make,
    reference_tables_make,
    schema_distribute,
)
from tenants.selectors.placement import NODE, cluster_nodes, organization_nodes

logger = logging.getLogger(__name__)


def _cluster_required() -> None:
    if not citus_mode():
        raise Conflict(
            "This database is not a Citus cluster: every organization is on its one server, "
            "so there is nowhere to move it.",
            code="not_a_cluster",
        )


def move_precheck(*, organization: Organization, node: str) -> None:
    """Refuse a move that cannot happen: no cluster, a node that is not one of its workers,
    or the node the organization is on."""
    _cluster_required()
    nodes = cluster_nodes()
    if node not in nodes:
        raise DomainError(
            f"{node} is not a worker of this cluster; its workers are {', '.join(nodes)}.",
            code="unknown_node",
        )
    if organization_nodes(organizations=[organization])[organization.pk] == node:
        raise Conflict(f"{organization.slug} is on {node} already.", code="already_on_node")


def organization_move(*, organization: Organization, node: str) -> str:
    """Move the organization's schema, tables and rows to the worker `node` (`host:port`);
    returns the node. One move of an organization at a time: a second is refused as
    `move_in_progress`."""
    with statement_timeout_lifted(), transaction.atomic():
        if not advisory_xact_lock_try(f"move:{organization.schema_name}"):
            raise _moving(organization)
        move_precheck(organization=organization, node=node)  # the placement, read under it
        host, port = NODE.match(node).group("host", "port")  # a worker's name: it matches
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT citus_schema_move(%s::regnamespace, %s, %s)",
                [organization.schema_name, host, int(port)],
            )
    logger.info("Moved organization %s to %s.", organization.slug, node)
    return node


def _moving(organization: Organization) -> Conflict:
    return Conflict(
        f"{organization.slug} is being moved already; try again once that move has ended.",
        code="move_in_progress",
    )


@dataclass(frozen=True)
class PlannedMove:
    schema_name: str
    slug: str | None  # None: a schema that is no organization's (a spare, the template)
    source: str
    target: str


def rebalance_plan() -> list[PlannedMove]:
    """The moves Citus' rebalancer would make to even out the workers, one per schema."""
    _cluster_required()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT ON (namespace.nspname) namespace.nspname, "
            "plan.sourcename || ':' || plan.sourceport, plan.targetname || ':' || plan.targetport "
            "FROM get_rebalance_table_shards_plan() AS plan "
            "JOIN pg_class AS class ON class.oid = plan.table_name "
            "JOIN pg_namespace AS namespace ON namespace.oid = class.relnamespace "
            "ORDER BY namespace.nspname"
        )
        rows = cursor.fetchall()
    slugs = dict(
        Organization.objects.filter(schema_name__in=[row[0] for row in rows]).values_list(
            "schema_name", "slug"
        )
    )
    return [
        PlannedMove(schema, slugs.get(schema), source, target) for schema, source, target in rows
    ]


def organizations_rebalance() -> list[PlannedMove]:
    """Make the rebalancer's moves; returns them."""
    plan = rebalance_plan()
    if plan:
        with statement_timeout_lifted(), connection.cursor() as cursor:
            cursor.execute("SELECT rebalance_table_shards()")
        logger.info("Rebalanced the cluster: %s schema(s) moved.", len(plan))
    return plan


def organizations_distribute() -> list[Organization]:
    """Put a deployment that began on one server onto its new Citus cluster: what the shared
    migrations would have made (reference tables, the deferred-checks function), then every
    organization schema not yet distributed, each in a transaction of its own, its rows
    copied to its worker. Returns the organizations distributed now."""
    _cluster_required()
    with transaction.atomic():
        reference_tables_make()
        deferred_checks_function_make()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace "
            "WHERE oid NOT IN (SELECT schemaid FROM pg_dist_schema)"
        )
        undistributed = {row[0] for row in cursor.fetchall()}
    done = []
    for organization in Organization.objects.filter(schema_name__in=undistributed).order_by("pk"):
        with statement_timeout_lifted(), transaction.atomic():
            schema_distribute(organization.schema_name)
        logger.info("Distributed organization %s.", organization.slug)
        done.append(organization)
    return done
