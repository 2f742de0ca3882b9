"""The page a mailed invitation opens, on the organization's domain: a new account gives its
names and a password, an existing one signs in; either way the person lands on a page that
says they joined. Same service, rules, messages and throttles as the API endpoint."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from shared_apps.accounts.models import AccessToken, User
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.memberships.models import Membership
from tests.fixtures.mail import mailed_link
from tests.fixtures.pages import (
    REFERRER_POLICY,
    assert_accessible_form,
    assert_page,
    error_next_to,
    form_values,
    heading,
    host_of_link,
    page_text,
    path_of,
    query_of,
    the_form,
    visible_controls,
)
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db
PAGE_URL = "/invitations/accept/"
JOINED_URL = "/invitations/joined/"
ACCEPT_API_URL = "/api/v1/invitations/accept/"
GOOD_PASSWORD = "a-long-good-password-42"


@pytest.fixture
def mailed_invitation(invite_through_api):
    """`mailed_invitation(email, role)`: invite through the API; the link the mail carries."""

    def invite(email: str, role: str = "member") -> str:
        invite_through_api(email, role)
        return mailed_link(mail.outbox[-1].body)

    return invite


@pytest.fixture
def browser(tenant_host):
    """A browser on the organization's domain: it keeps cookies, and CSRF is checked as in
    production."""

    def make(ip: str = "10.20.0.1") -> Client:
        return Client(HTTP_HOST=tenant_host, REMOTE_ADDR=ip, enforce_csrf_checks=True)

    return make


def submit(browser: Client, page, **typed):
    """Send the page's form as a browser does: its hidden fields (the CSRF token among
    them) and what the person typed, to the form's action."""
    return browser.post(the_form(page)["action"], {**form_values(page), **typed})


def role_in(organization, user) -> str | None:
    with organization:
        return Membership.objects.filter(user=user).values_list("role", flat=True).first()


def test_the_mailed_link_opens_a_form_to_create_an_account(
    mailed_invitation, browser, tenant_host, django_assert_num_queries
):
    link = mailed_invitation("fresh@example.com", "viewer")
    assert link.startswith(f"https://{tenant_host}{PAGE_URL}?token=")
    person = browser()
    person.get("/api/v1/health/")  # the host is routed; what follows counts the page's reads

    with django_assert_num_queries(2):  # the invitation, and whether its email has an account
        page = person.get(path_of(link))

    assert_page(page)
    assert_accessible_form(page)
    assert heading(page) == "Join Tenant Org"
    assert "fresh@example.com" in page_text(page)
    assert "viewer" in page_text(page)
    controls = {control["name"]: control for control in visible_controls(page)}
    assert set(controls) == {"first_name", "last_name", "password"}
    assert controls["password"]["type"] == "password"
    assert controls["password"]["autocomplete"] == "new-password"
    # The token moves from the address into the form: the form posts to a plain address.
    assert the_form(page)["method"] == "post"
    assert the_form(page)["action"] == PAGE_URL
    assert form_values(page)["token"] == query_of(link)["token"]
    assert form_values(page)["csrfmiddlewaretoken"]


def test_a_new_account_is_created_and_lands_on_the_page_that_says_they_joined(
    mailed_invitation, browser, tenant, assert_index_agrees, django_assert_num_queries
):
    link = mailed_invitation("fresh@example.com", "viewer")
    person = browser()
    page = person.get(path_of(link))

    response = submit(person, page, first_name="Fresh", last_name="Person", password=GOOD_PASSWORD)

    assert response.status_code == HTTPStatus.SEE_OTHER, response.content[:500]
    assert response["Location"] == JOINED_URL
    assert response["Referrer-Policy"] == REFERRER_POLICY
    user = User.objects.get(email="fresh@example.com")
    assert (user.first_name, user.last_name) == ("Fresh", "Person")
    assert user.check_password(GOOD_PASSWORD)
    assert role_in(tenant, user) == "viewer"
    assert_index_agrees()
    # The page signs the person in on this domain; no bearer token was made for nobody.
    assert person.session["_auth_user_id"] == str(user.pk)
    assert not AccessToken.objects.filter(user=user).exists()

    with django_assert_num_queries(3):  # the session, the user, the membership
        joined = person.get(JOINED_URL)

    assert_page(joined)
    assert heading(joined) == "You joined Tenant Org"
    assert "viewer" in page_text(joined)
    assert b'href="/api/docs/"' in joined.content  # where to go next


def test_an_existing_account_signs_in_and_accepts(
    mailed_invitation, browser, make_user, tenant, assert_index_agrees
):
    user = make_user(email="known@example.com")
    link = mailed_invitation("KNOWN@example.com", "admin")
    person = browser()

    page = person.get(path_of(link))

    assert_page(page)
    assert_accessible_form(page)
    controls = {control["name"]: control for control in visible_controls(page)}
    assert set(controls) == {"email", "password"}
    assert controls["email"]["value"] == "known@example.com"
    assert controls["password"]["autocomplete"] == "current-password"

    response = submit(person, page, password=PASSWORD)

    assert response.status_code == HTTPStatus.SEE_OTHER, response.content[:500]
    assert response["Location"] == JOINED_URL
    assert role_in(tenant, user) == "admin"
    assert person.session["_auth_user_id"] == str(user.pk)
    assert_index_agrees()
    assert "admin" in page_text(person.get(JOINED_URL))


def test_a_wrong_password_says_so_and_the_invitation_stays_usable(
    mailed_invitation, browser, make_user, tenant
):
    user = make_user(email="known@example.com")
    person = browser()
    page = person.get(path_of(mailed_invitation("known@example.com")))

    refused = submit(person, page, password="not-the-password")

    assert_page(refused, HTTPStatus.BAD_REQUEST)
    assert_accessible_form(refused)
    assert "Unable to log in with the given email and password." in page_text(refused)
    assert form_values(refused)["password"] == ""  # never echoed back
    assert role_in(tenant, user) is None
    assert submit(person, refused, password=PASSWORD).status_code == HTTPStatus.SEE_OTHER


def test_signing_in_as_another_account_is_refused(mailed_invitation, browser, make_user, tenant):
    make_user(email="intended@example.com")
    intruder = make_user(email="intruder@example.com")
    person = browser()
    page = person.get(path_of(mailed_invitation("intended@example.com")))

    refused = submit(person, page, email=intruder.email, password=PASSWORD)

    assert_page(refused, HTTPStatus.BAD_REQUEST)
    assert "This invitation is for another email address." in page_text(refused)
    assert role_in(tenant, intruder) is None


def test_a_weak_password_is_named_next_to_the_field(mailed_invitation, browser):
    person = browser()
    page = person.get(path_of(mailed_invitation("weak@example.com")))

    refused = submit(person, page, first_name="Weak", password="123")

    assert_page(refused, HTTPStatus.BAD_REQUEST)
    assert_accessible_form(refused)
    assert "Choose a stronger password." in page_text(refused)
    assert "This password is too short." in error_next_to(refused, "password")
    assert form_values(refused)["first_name"] == "Weak"  # what was typed stays
    assert form_values(refused)["password"] == ""
    assert form_values(refused)["token"] == form_values(page)["token"]
    assert not User.objects.filter(email="weak@example.com").exists()


def test_names_follow_the_api_rules_next_to_their_fields(mailed_invitation, browser):
    person = browser()
    page = person.get(path_of(mailed_invitation("named@example.com")))

    refused = submit(person, page, first_name="Bad\x1bname", last_name="x" * 151, password="p")

    assert_page(refused, HTTPStatus.BAD_REQUEST)
    assert_accessible_form(refused)
    assert "no more than 150 characters" in error_next_to(refused, "last_name")
    assert not User.objects.filter(email="named@example.com").exists()
    refused = submit(person, page, first_name="Bad\x1bname", password=GOOD_PASSWORD)
    assert "Control characters are not allowed." in error_next_to(refused, "first_name")
    assert not User.objects.filter(email="named@example.com").exists()


def test_an_account_made_meanwhile_turns_the_form_into_a_sign_in(
    mailed_invitation, browser, make_user
):
    person = browser()
    page = person.get(path_of(mailed_invitation("late@example.com")))
    make_user(email="late@example.com")  # the person signed up elsewhere in the meantime

    refused = submit(person, page, password=GOOD_PASSWORD)

    assert_page(refused, HTTPStatus.BAD_REQUEST)
    assert "An account exists for this email: sign in, then accept." in page_text(refused)
    assert {control["name"] for control in visible_controls(refused)} == {"email", "password"}
    assert submit(person, refused, password=PASSWORD).status_code == HTTPStatus.SEE_OTHER


def _use(invitation: Invitation) -> None:
    invitation.status = InvitationStatus.ACCEPTED
    invitation.save()


def _revoke(invitation: Invitation) -> None:
    invitation.status = InvitationStatus.REVOKED
    invitation.save()


def _expire(invitation: Invitation) -> None:
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    invitation.save()


CLOSED = {
    "used": (_use, HTTPStatus.GONE, "This invitation was already used."),
    "revoked": (_revoke, HTTPStatus.GONE, "This invitation was revoked."),
    "expired": (_expire, HTTPStatus.GONE, "This invitation has expired; ask for a new one."),
}


@pytest.mark.parametrize("state", CLOSED)
def test_a_closed_invitation_opens_a_page_that_says_why(state, mailed_invitation, browser, tenant):
    change, status, message = CLOSED[state]
    link = mailed_invitation("closed@example.com")
    person = browser()
    page = person.get(path_of(link))
    with tenant:
        change(Invitation.objects.get(email="closed@example.com"))

    for response in (person.get(path_of(link)), submit(person, page, password=GOOD_PASSWORD)):
        assert_page(response, status)
        assert message in page_text(response)
        assert b"<form" not in response.content
    assert not User.objects.filter(email="closed@example.com").exists()


@pytest.mark.parametrize("query", ["?token=not-a-token", "", "?token=", "?token=" + "x" * 300])
def test_an_unknown_or_missing_token_is_a_404_page(query, browser):
    response = browser().get(f"{PAGE_URL}{query}")
    assert_page(response, HTTPStatus.NOT_FOUND)
    assert "No such invitation here." in page_text(response)


def test_a_token_of_another_organization_is_a_404_page(mailed_invitation, second_tenant_host):
    link = mailed_invitation("elsewhere@example.com")
    response = Client(HTTP_HOST=second_tenant_host).get(path_of(link))
    assert_page(response, HTTPStatus.NOT_FOUND)


def test_a_form_sent_without_its_csrf_token_is_refused_with_a_page(
    mailed_invitation, browser, tenant
):
    person = browser()
    page = person.get(path_of(mailed_invitation("forged@example.com")))
    values = form_values(page)
    del values["csrfmiddlewaretoken"]

    response = person.post(PAGE_URL, {**values, "password": GOOD_PASSWORD})

    assert_page(response, HTTPStatus.FORBIDDEN)
    assert "reload" in page_text(response)
    assert not User.objects.filter(email="forged@example.com").exists()


def test_the_page_and_the_api_share_the_accept_throttle(mailed_invitation, browser, settings):
    settings.LOGIN_THROTTLE_RATES = {"login_ip": "3/minute", "login_email": "100/minute"}
    link = mailed_invitation("patient@example.com")
    guesser = Client(HTTP_HOST=host_of_link(link), REMOTE_ADDR="10.21.0.1")
    for _ in range(3):
        guesser.post(ACCEPT_API_URL, {"token": "guess"}, content_type="application/json")

    refused = browser("10.21.0.1").get(path_of(link))

    assert_page(refused, HTTPStatus.TOO_MANY_REQUESTS)
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts; try again in" in page_text(refused)
    assert_page(browser("10.21.0.2").get(path_of(link)))  # another address is not held up


def test_signing_in_on_the_page_counts_against_the_login_email_throttle(
    mailed_invitation, browser, make_user, settings, tenant
):
    settings.LOGIN_THROTTLE_RATES = {"login_ip": "100/minute", "login_email": "2/minute"}
    user = make_user(email="guarded@example.com")
    person = browser("10.22.0.1")
    page = person.get(path_of(mailed_invitation("guarded@example.com")))
    for attempt in range(2):
        Client(HTTP_HOST="testserver.local", REMOTE_ADDR=f"10.22.1.{attempt}").post(
            "/api/v1/auth/token/",
            {"email": "GUARDED@example.com", "password": "wrong"},
            content_type="application/json",
        )

    refused = submit(person, page, password=PASSWORD)

    assert_page(refused, HTTPStatus.TOO_MANY_REQUESTS)
    assert role_in(tenant, user) is None


def test_the_joined_page_is_for_members_only(browser, tenant_host, second_tenant_member, make_user):
    assert browser().get(JOINED_URL).status_code == HTTPStatus.NOT_FOUND
    stranger = browser()
    stranger.force_login(second_tenant_member)
    assert stranger.get(JOINED_URL).status_code == HTTPStatus.NOT_FOUND
    assert b"Tenant Org" not in stranger.get(JOINED_URL).content
