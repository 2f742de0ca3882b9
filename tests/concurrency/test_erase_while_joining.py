"""Erasing a user while they join another organization leaves no membership behind and the
join a clear answer: it must not commit between erasure's last look at the user's references
and its commit (the public index's foreign key refused it, as an IntegrityError)."""

import threading
from functools import partial

import pytest

from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import membership_add
from tenants.models import MembershipIndex
from tenants.roles import Role
from tenants.services import erasure
from tests.fixtures.committed import _create_committed_organization, in_own_connection
from tests.fixtures.races import committed_user, run_together

pytestmark = pytest.mark.usefixtures("race_cleanup")
ROUNDS = 5
PAUSE_SECONDS = 2


def join_committed(*, organization, user) -> None:
    with organization:
        membership_add(organization=organization, user=user, role=Role.MEMBER)


def test_a_user_erased_while_joining_another_organization_leaves_no_membership(monkeypatch):
    joined = in_own_connection(_create_committed_organization, "erase-joined")
    joining = in_own_connection(_create_committed_organization, "erase-joining")
    erase_in_public = erasure._erase_in_public
    left_behind, answers = [], []
    for round_number in range(ROUNDS):
        user, _ = committed_user(f"erase-join-{round_number}")
        in_own_connection(join_committed, organization=joined, user=user)
        erased, joined_elsewhere = threading.Event(), threading.Event()

        def erase_in_public_then_pause(user_to_erase, erased=erased, joined=joined_elsewhere):
            erase_in_public(user_to_erase)
            erased.set()
            joined.wait(PAUSE_SECONDS)  # the widest window: checked, deleted, not committed

        def join(erased=erased, joined=joined_elsewhere, user=user):
            erased.wait(PAUSE_SECONDS)
            try:
                with joining:
                    return membership_add(organization=joining, user=user, role=Role.MEMBER)
            finally:
                joined.set()

        monkeypatch.setattr(erasure, "_erase_in_public", erase_in_public_then_pause)
        outcomes = run_together(partial(erasure.user_erase, user=user), join)
        answers.append(getattr(outcomes[1], "code", type(outcomes[1]).__name__))

        def leftovers(user_id: int = user.pk) -> int:
            with joining:
                rows = Membership.objects.filter(user_id=user_id).count()
            return rows + MembershipIndex.objects.filter(user_id=user_id).count()

        if not User.objects.filter(pk=user.pk).exists():
            left_behind.append(in_own_connection(leftovers))

    assert left_behind == [0] * ROUNDS
    assert answers == ["account_erased"] * ROUNDS  # never a unique or foreign-key error
