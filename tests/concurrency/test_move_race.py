"""Two moves of one organization released together (on Citus): one moves it, the other is
refused with a code an admin can act on, never a database error; the organization ends on
the target with its rows. The move reads the placement, then writes it elsewhere: a rule
that reads then writes."""

import uuid

import pytest

from core.errors import DomainError
from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import project_create
from tenants.models import Organization
from tenants.roles import Role
from tenants.selectors.placement import cluster_nodes, organization_nodes
from tenants.services.placement import organization_move
from tests.fixtures.committed import in_own_connection
from tests.fixtures.races import run_together

pytestmark = [pytest.mark.django_db, pytest.mark.citus, pytest.mark.usefixtures("race_cleanup")]
ROUNDS = 3  # a move takes seconds: three rounds, each a real race on the cluster


def test_two_moves_of_one_organization_at_once_make_one_move(committed_organization):
    organization = committed_organization(f"contested-{uuid.uuid4().hex[:8]}")

    def add_project() -> None:
        with organization:
            owner = Membership.objects.get(role=Role.OWNER).user
            project_create(actor=owner, name="Kept")

    in_own_connection(add_project)
    for _ in range(ROUNDS):
        here = in_own_connection(lambda: organization_nodes(organizations=[organization]))[
            organization.pk
        ]
        target = next(node for node in in_own_connection(cluster_nodes) if node != here)

        def move(node: str = target) -> str:
            return organization_move(organization=organization, node=node)

        outcomes = run_together(move, move)

        moved = [outcome for outcome in outcomes if outcome == target]
        refused = [outcome for outcome in outcomes if isinstance(outcome, DomainError)]
        assert len(moved) == 1, outcomes
        assert len(refused) == 1, outcomes
        assert refused[0].code in {"move_in_progress", "already_on_node"}
        placed = in_own_connection(lambda: organization_nodes(organizations=[organization]))
        assert placed[organization.pk] == target

    def projects() -> list[str]:
        with Organization.objects.get(pk=organization.pk):
            return list(Project.objects.values_list("name", flat=True))

    assert in_own_connection(projects) == ["Kept"]
