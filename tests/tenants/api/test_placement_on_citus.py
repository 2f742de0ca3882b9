"""Placement on a Citus cluster: each organization lives on one worker, shown as its `node`;
a platform admin moves it to another worker while it keeps serving, or rebalances them all.

Moves run on connections of their own (a move copies committed rows through logical
replication, which waits for every transaction that is writing, the test's included)."""

import json
import uuid
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.models import Organization
from tenants.roles import Role
from tenants.selectors.placement import cluster_nodes, organization_nodes
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import committed_platform_admin_token, post

pytestmark = [pytest.mark.django_db, pytest.mark.citus, pytest.mark.usefixtures("race_cleanup")]


def unique(slug: str) -> str:
    # A committed organization's owner outlives the test (tests/fixtures/committed.py).
    return f"{slug}-{uuid.uuid4().hex[:8]}"


def move_url(slug: str) -> str:
    return f"/api/v1/platform/organizations/{slug}/move/"


def node_of(organization: Organization) -> str:
    return in_own_connection(lambda: organization_nodes(organizations=[organization]))[
        organization.pk
    ]


def other_node(organization: Organization) -> str:
    here = node_of(organization)
    return next(node for node in in_own_connection(cluster_nodes) if node != here)


def test_every_organization_is_on_one_of_the_workers(platform_client, tenant, second_tenant):
    listed = platform_client.get("/api/v1/platform/organizations/").json()["results"]

    nodes = {row["slug"]: row["node"] for row in listed}
    assert len(cluster_nodes()) == 2
    assert {nodes[tenant.slug], nodes[second_tenant.slug]} <= set(cluster_nodes())


def test_an_organization_moves_to_another_worker_with_its_rows(committed_organization, root_host):
    organization = committed_organization(unique("moving-house"))

    def add_project() -> None:
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            project_create(actor=owner, name="Packed")

    in_own_connection(add_project)
    target = other_node(organization)

    response = post(
        root_host, committed_platform_admin_token(), move_url(organization.slug), {"node": target}
    )

    assert response.status_code == HTTPStatus.ACCEPTED, response.content
    job = response.json()
    assert job["kind"] == "organizations.move"
    assert node_of(organization) == target

    def projects() -> list[str]:
        with Organization.objects.get(pk=organization.pk):
            return list(Project.objects.values_list("name", flat=True))

    assert in_own_connection(projects) == ["Packed"]


def test_a_move_to_a_node_outside_the_cluster_is_a_json_400(platform_client, tenant):
    response = platform_client.post(move_url(tenant.slug), {"node": "db9:5432"}, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "unknown_node"
    assert "db9:5432" in response.json()["detail"]


def test_a_move_to_the_node_it_is_on_is_a_json_409(platform_client, tenant):
    here = node_of(tenant)

    response = platform_client.post(move_url(tenant.slug), {"node": here}, format="json")

    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "already_on_node"


def test_the_command_moves_and_the_listing_shows_the_node(committed_organization):
    organization = committed_organization(unique("by-command"))
    target = other_node(organization)
    out = StringIO()

    in_own_connection(
        lambda: call_command(
            "move_organization", organization.slug, "--to", target, "--wait", stdout=out
        )
    )

    assert f"Moved {organization.slug} to {target}" in out.getvalue()
    listed = StringIO()
    in_own_connection(lambda: call_command("list_organizations", "--json", stdout=listed))
    nodes = {row["slug"]: row["node"] for row in json.loads(listed.getvalue())}
    assert nodes[organization.slug] == target


def test_the_command_refuses_an_unknown_node(tenant):
    with pytest.raises(CommandError, match="db9:5432"):
        call_command("move_organization", tenant.slug, "--to", "db9:5432", "--wait")


def test_a_rebalance_spreads_organizations_piled_on_one_worker(committed_organization):
    organizations = [committed_organization(unique(f"pile-{index}")) for index in range(4)]
    first, second = in_own_connection(cluster_nodes)
    for organization in organizations:
        if node_of(organization) != first:
            in_own_connection(
                lambda o=organization: call_command(
                    "move_organization", o.slug, "--to", first, "--wait", stdout=StringIO()
                )
            )
    plan = StringIO()
    in_own_connection(lambda: call_command("rebalance_organizations", "--dry-run", stdout=plan))
    assert f"to {second}" in plan.getvalue()

    in_own_connection(lambda: call_command("rebalance_organizations", stdout=StringIO()))

    everyone = in_own_connection(
        lambda: list(organization_nodes(organizations=Organization.objects.all()).values())
    )
    assert abs(everyone.count(first) - everyone.count(second)) <= 1
