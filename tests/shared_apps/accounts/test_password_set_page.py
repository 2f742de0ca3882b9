"""The page a new owner's set-password mail opens, on the platform's root domain: choose a
password, then a page that says it is done and how to sign in. Same service, rules,
messages and throttle as `POST /api/v1/auth/password/set/`."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from shared_apps.accounts.models import User
from shared_apps.accounts.services import owner_account
from tenants.services.owner_mail import owner_password_mail_queue
from tests.fixtures.mail import mailed_link
from tests.fixtures.pages import (
    REFERRER_POLICY,
    assert_accessible_form,
    assert_page,
    error_next_to,
    form_values,
    heading,
    page_text,
    path_of,
    query_of,
    the_form,
    visible_controls,
)

pytestmark = pytest.mark.django_db
PAGE_URL = "/password/set/"
DONE_URL = "/password/set/done/"
API_URL = "/api/v1/auth/password/set/"
GOOD_PASSWORD = "a-long-good-password-42"
INVALID_LINK = "This link is invalid or has already been used."


@pytest.fixture
def mailed_link_for_new_owner(django_capture_on_commit_callbacks):
    """The link in the mail a new organization's owner receives."""
    with django_capture_on_commit_callbacks(execute=True):
        owner, _created = owner_account(email="new.owner@example.com")
        owner_password_mail_queue(user=owner)
    (message,) = mail.outbox
    return mailed_link(message.body)


@pytest.fixture
def browser(root_host):
    def make(ip: str = "10.30.0.1") -> Client:
        return Client(HTTP_HOST=root_host, REMOTE_ADDR=ip, enforce_csrf_checks=True)

    return make


def submit(browser: Client, page, **typed):
    return browser.post(the_form(page)["action"], {**form_values(page), **typed})


def owner() -> User:
    return User.objects.get(email="new.owner@example.com")


def test_the_mailed_link_opens_a_form_to_choose_a_password(
    mailed_link_for_new_owner, browser, root_host, django_assert_num_queries
):
    link = mailed_link_for_new_owner
    assert link.startswith(f"https://{root_host}{PAGE_URL}?uid=")
    person = browser()

    with django_assert_num_queries(1):  # the account the link names
        page = person.get(path_of(link))

    assert_page(page)
    assert_accessible_form(page)
    assert heading(page) == "Choose your password"
    controls = {control["name"]: control for control in visible_controls(page)}
    assert set(controls) == {"username", "password"}
    # The account's address, for the person and their password manager; not sent as input.
    assert controls["username"]["value"] == "new.owner@example.com"
    assert controls["username"]["autocomplete"] == "username"
    assert "readonly" in controls["username"]
    assert controls["password"]["autocomplete"] == "new-password"
    assert the_form(page)["action"] == PAGE_URL
    assert form_values(page)["uid"] == query_of(link)["uid"]
    assert form_values(page)["token"] == query_of(link)["token"]


def test_a_password_set_on_the_page_activates_the_account_and_the_owner_can_sign_in(
    mailed_link_for_new_owner, browser, root_host, django_assert_num_queries
):
    person = browser()
    page = person.get(path_of(mailed_link_for_new_owner))

    response = submit(person, page, password=GOOD_PASSWORD)

    assert response.status_code == HTTPStatus.SEE_OTHER, response.content[:500]
    assert response["Location"] == DONE_URL
    assert response["Referrer-Policy"] == REFERRER_POLICY
    assert owner().is_active
    assert owner().check_password(GOOD_PASSWORD)
    with django_assert_num_queries(0):
        done = person.get(DONE_URL)
    assert_page(done)
    assert heading(done) == "Your password is set"
    assert b'href="/api/v1/auth/session/login/' in done.content  # how to sign in
    token = APIClient(HTTP_HOST=root_host).post(
        "/api/v1/auth/token/",
        {"email": "new.owner@example.com", "password": GOOD_PASSWORD},
        format="json",
    )
    assert token.status_code == HTTPStatus.OK


def test_a_weak_password_is_named_next_to_the_field(mailed_link_for_new_owner, browser):
    person = browser()
    page = person.get(path_of(mailed_link_for_new_owner))

    refused = submit(person, page, password="123")

    assert_page(refused, HTTPStatus.BAD_REQUEST)
    assert_accessible_form(refused)
    assert "Choose a stronger password." in page_text(refused)
    assert "This password is too short." in error_next_to(refused, "password")
    assert form_values(refused)["password"] == ""
    assert form_values(refused)["token"] == form_values(page)["token"]
    assert not owner().is_active
    assert submit(person, refused, password=GOOD_PASSWORD).status_code == HTTPStatus.SEE_OTHER


def test_a_used_link_opens_a_page_that_says_so(mailed_link_for_new_owner, browser):
    person = browser()
    page = person.get(path_of(mailed_link_for_new_owner))
    submit(person, page, password=GOOD_PASSWORD)

    for response in (
        person.get(path_of(mailed_link_for_new_owner)),
        submit(person, page, password="another-good-password-43"),
    ):
        assert_page(response, HTTPStatus.NOT_FOUND)
        assert INVALID_LINK in page_text(response)
        assert b"<form" not in response.content
    assert owner().check_password(GOOD_PASSWORD)


@pytest.mark.parametrize(
    "query",
    ["", "?uid=MQ&token=bad-token", "?uid=!!!&token=x", "?uid=OTk5OTk5&token=x", "?token=x"],
)
def test_a_broken_link_is_a_404_page(query, mailed_link_for_new_owner, browser):
    response = browser().get(f"{PAGE_URL}{query}")
    assert_page(response, HTTPStatus.NOT_FOUND)
    assert INVALID_LINK in page_text(response)


def test_a_form_sent_without_its_csrf_token_is_refused_with_a_page(
    mailed_link_for_new_owner, browser
):
    person = browser()
    values = form_values(person.get(path_of(mailed_link_for_new_owner)))
    del values["csrfmiddlewaretoken"]

    response = person.post(PAGE_URL, {**values, "password": GOOD_PASSWORD})

    assert_page(response, HTTPStatus.FORBIDDEN)
    assert not owner().is_active


def test_the_page_and_the_api_share_the_password_set_throttle(
    mailed_link_for_new_owner, browser, root_host, settings
):
    settings.LOGIN_THROTTLE_RATES = {"login_ip": "3/minute", "login_email": "100/minute"}
    guesser = APIClient(HTTP_HOST=root_host, REMOTE_ADDR="10.31.0.1")
    for _ in range(3):
        guesser.post(API_URL, {"uid": "MQ", "token": "x", "password": "y"}, format="json")

    refused = browser("10.31.0.1").get(path_of(mailed_link_for_new_owner))

    assert_page(refused, HTTPStatus.TOO_MANY_REQUESTS)
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts; try again in" in page_text(refused)


def test_guesses_on_the_page_use_up_the_counter_of_the_api(browser, root_host, settings):
    settings.LOGIN_THROTTLE_RATES = {"login_ip": "3/minute", "login_email": "100/minute"}
    guesser = browser("10.32.0.1")
    for _ in range(3):
        assert guesser.get(f"{PAGE_URL}?uid=MQ&token=guess").status_code == HTTPStatus.NOT_FOUND

    refused = APIClient(HTTP_HOST=root_host, REMOTE_ADDR="10.32.0.1").post(
        API_URL, {"uid": "MQ", "token": "x", "password": "y"}, format="json"
    )

    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_the_page_is_served_on_the_root_domain_only(mailed_link_for_new_owner, tenant_host):
    response = Client(HTTP_HOST=tenant_host).get(path_of(mailed_link_for_new_owner))
    assert response.status_code == HTTPStatus.NOT_FOUND
