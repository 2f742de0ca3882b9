"""Look-alike email addresses never reach another person's account: not at login, not
through the per-email throttle, not by signing up or accepting an invitation."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import IntegrityError
from django.utils import timezone
from rest_framework.test import APIClient

from core.errors import DomainError
from shared_apps.accounts.models import AccessToken, User
from shared_apps.accounts.services import owner_account, token_digest
from tenant_apps.invitations.models import Invitation
from tenant_apps.memberships.models import Membership
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
INVITE_URL = "/api/v1/invitations/"
ACCEPT_URL = "/api/v1/invitations/accept/"

# name: (look-alike typed by an attacker, the real account it imitates)
CONFUSABLES = {
    "dotless i": ("adm\u0131n@example.com", "admin@example.com"),
    "long s": ("\u017fupport@example.com", "support@example.com"),
    "Kelvin sign": ("\u212aate@example.com", "kate@example.com"),
    "fullwidth letters": ("\uff41\uff44\uff4d\uff49\uff4e@example.com", "admin@example.com"),
    "combining mark": ("admi\u0301n@example.com", "admin@example.com"),
    "sharp s": ("stra\u00dfe@example.com", "strasse@example.com"),
}
# The same address written another way: one account, one throttle counter.
SAME_ADDRESS = {
    "upper case": ("ADMIN@EXAMPLE.COM", "admin@example.com"),
    "fullwidth domain": (
        "admin@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",
        "admin@example.com",
    ),
}
confusable = pytest.mark.parametrize(
    ("look_alike", "real"), CONFUSABLES.values(), ids=list(CONFUSABLES)
)
same_address = pytest.mark.parametrize(
    ("typed", "real"), SAME_ADDRESS.values(), ids=list(SAME_ADDRESS)
)


def login(host: str, email: str, password: str = PASSWORD, ip: str = "10.1.1.1"):
    client = APIClient(HTTP_HOST=host, REMOTE_ADDR=ip)
    return client.post(TOKEN_URL, {"email": email, "password": password}, format="json")


@confusable
def test_a_look_alike_never_logs_in_as_the_real_account(look_alike, real, make_user, root_host):
    make_user(email=real, is_staff=True, is_superuser=True)

    response = login(root_host, look_alike)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not AccessToken.objects.filter(user__email=real).exists()


@same_address
def test_the_same_address_written_another_way_logs_in(typed, real, make_user, root_host):
    user = make_user(email=real)
    response = login(root_host, typed)
    assert response.status_code == HTTPStatus.OK
    assert AccessToken.objects.get(user=user)


@pytest.fixture
def exhaust_throttle(make_user, root_host, settings):
    """`exhaust_throttle(real)`: an account whose per-email counter is used up by three
    wrong passwords from three IPs."""
    settings.LOGIN_THROTTLE_RATES = {"login_ip": "100/minute", "login_email": "3/minute"}

    def exhaust(real: str) -> None:
        make_user(email=real)
        for attempt in range(3):
            response = login(root_host, real, "wrong-password", f"10.2.0.{attempt}")
            assert response.status_code == HTTPStatus.BAD_REQUEST

    return exhaust


@confusable
def test_a_look_alike_never_bypasses_the_throttle_of_the_real_address(
    look_alike, real, exhaust_throttle, root_host
):
    exhaust_throttle(real)

    response = login(root_host, look_alike, PASSWORD, "10.2.1.1")

    assert response.status_code in {HTTPStatus.BAD_REQUEST, HTTPStatus.TOO_MANY_REQUESTS}
    assert not AccessToken.objects.filter(user__email=real).exists()


@same_address
def test_the_same_address_written_another_way_shares_the_throttle(
    typed, real, exhaust_throttle, root_host
):
    exhaust_throttle(real)

    response = login(root_host, typed, PASSWORD, "10.3.1.1")

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not AccessToken.objects.filter(user__email=real).exists()


@confusable
def test_no_account_is_created_for_a_look_alike(look_alike, real, make_user):
    make_user(email=real)
    accounts = User.objects.count()
    with pytest.raises(DomainError) as refused:
        User.objects.create_user(email=look_alike, password=PASSWORD)
    assert refused.value.code == "email_not_plain"
    with pytest.raises(DomainError) as refused:
        owner_account(email=look_alike)
    assert refused.value.code == "email_not_plain"
    assert User.objects.count() == accounts


@same_address
def test_the_same_address_written_another_way_is_one_account(typed, real, make_user):
    make_user(email=real)
    assert owner_account(email=typed)[0].email == real
    with pytest.raises(IntegrityError):
        User.objects.create_user(email=typed, password=PASSWORD)


@confusable
def test_nobody_can_be_invited_under_a_look_alike(
    look_alike, real, tenant_owner, tenant_client, tenant
):
    response = tenant_client(tenant_owner).post(
        INVITE_URL, {"email": look_alike, "role": "admin"}, format="json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["code"] == "email_not_plain"
    with tenant:
        assert not Invitation.objects.exists()


def _pending_invitation(organization, email: str, token: str) -> None:
    """An invitation stored before addresses were normalized this way."""
    with organization:
        Invitation.objects.create(
            email=email,
            role="admin",
            token_digest=token_digest(token),
            expires_at=timezone.now() + timedelta(days=1),
        )


@confusable
def test_an_old_invitation_to_a_look_alike_creates_no_account_and_admits_nobody(
    look_alike, real, make_user, tenant_client, tenant
):
    user = make_user(email=real)
    _pending_invitation(tenant, look_alike, "legacy-token")
    accounts = User.objects.count()

    as_stranger = tenant_client().post(
        ACCEPT_URL, {"token": "legacy-token", "password": "a-long-good-password-42"}, format="json"
    )
    as_real_account = tenant_client(user).post(ACCEPT_URL, {"token": "legacy-token"}, format="json")

    assert as_stranger.status_code == HTTPStatus.BAD_REQUEST
    assert as_stranger.json()["code"] == "email_not_plain"
    assert as_real_account.status_code == HTTPStatus.BAD_REQUEST
    assert as_real_account.json()["code"] == "wrong_account"
    assert User.objects.count() == accounts
    with tenant:
        assert not Membership.objects.filter(user=user).exists()


@same_address
def test_an_invitation_written_another_way_is_accepted_by_the_one_account(
    typed, real, make_user, tenant_owner, tenant_client, tenant
):
    user = make_user(email=real)
    response = tenant_client(tenant_owner).post(
        INVITE_URL, {"email": typed, "role": "member"}, format="json"
    )
    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["email"] == real
    _pending_invitation(tenant, typed, "typed-token")  # stored as typed, before this change
    with tenant:
        Invitation.objects.filter(email=real).delete()

    accepted = tenant_client(user).post(ACCEPT_URL, {"token": "typed-token"}, format="json")

    assert accepted.status_code == HTTPStatus.OK
    with tenant:
        assert Membership.objects.get(user=user).role == "admin"
