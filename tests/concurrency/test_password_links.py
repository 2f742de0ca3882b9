"""A set-password link works once, even when it is sent twice at the same moment."""

from functools import partial

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.errors import DomainError
from shared_apps.accounts.services.passwords import password_set
from tests.fixtures.races import committed_user, run_together

pytestmark = pytest.mark.usefixtures("race_cleanup")
ROUNDS = 20


def test_one_link_used_twice_at_once_sets_one_password():
    outcomes = []
    for round_number in range(ROUNDS):
        user, _ = committed_user(f"link-{round_number}")
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)

        answers = run_together(
            partial(password_set, uid=uid, token=token, password="first-Strong-9!"),
            partial(password_set, uid=uid, token=token, password="second-Strong-9!"),
        )
        outcomes.append(
            sorted(
                answer.code if isinstance(answer, DomainError) else type(answer).__name__
                for answer in answers
            )
        )

    assert outcomes == [["User", "invalid_link"]] * ROUNDS
