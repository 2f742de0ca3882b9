from http import HTTPStatus

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from shared_apps.accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/password/set/"


@pytest.fixture
def invited_owner():
    return User.objects.create_user(email="invited@example.com", password=None, is_active=False)


def link_for(user) -> dict:
    return {
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def test_setting_a_password_activates_the_account(invited_owner, root_host):
    payload = {**link_for(invited_owner), "password": "a-long-good-password-42"}
    response = APIClient(HTTP_HOST=root_host).post(URL, payload, format="json")

    assert response.status_code == HTTPStatus.NO_CONTENT
    assert authenticate(email="invited@example.com", password="a-long-good-password-42")


def test_a_token_works_once(invited_owner, root_host):
    payload = {**link_for(invited_owner), "password": "a-long-good-password-42"}
    client = APIClient(HTTP_HOST=root_host)
    client.post(URL, payload, format="json")
    again = client.post(URL, {**payload, "password": "another-good-password-43"}, format="json")
    assert again.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize(
    "change",
    [
        {"token": "bad-token"},
        {"uid": "!!!"},
        {"uid": "OTk5OTk5"},
        {"password": "123"},
        {"uid": None},
    ],
)
def test_bad_links_and_weak_passwords_get_400(change, invited_owner, root_host):
    payload = {**link_for(invited_owner), "password": "a-long-good-password-42", **change}
    response = APIClient(HTTP_HOST=root_host).post(URL, payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    invited_owner.refresh_from_db()
    assert not invited_owner.is_active
