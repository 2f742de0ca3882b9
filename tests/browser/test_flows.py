"""What a person does with the pages, in Debian's Chromium on a phone-sized screen, against
the production server (tests/fixtures/browser.py): a new owner sets a password from the
mailed link and signs in; an invitee opens the mailed link, creates an account and lands on
the page that says they joined; a platform admin, in the Django admin, creates an
organization, suspends it (its domain then answers 403) and reactivates it. Each flow keeps
a screenshot of its last page under test-output/browser/."""

import time

import pytest

from tests.fixtures.browser import site
from tests.fixtures.deployment import ADMIN_EMAIL, ADMIN_PASSWORD, Deployment
from tests.fixtures.mail import mailed_link
from tests.fixtures.pages import query_of
from tests.fixtures.smtp import SmtpServer
from tests.fixtures.urls import INVITATIONS_URL, ORGANIZATIONS_URL

pytestmark = pytest.mark.browser
OWNER_PASSWORD = "an-owner-password-for-the-browser"
INVITEE_PASSWORD = "an-invitee-password-for-the-browser"


def expect(subject):
    from playwright.sync_api import expect as playwright_expect  # skipped without playwright

    return playwright_expect(subject)


def create_organization(live: Deployment, smtp: SmtpServer, slug: str, owner: str) -> str:
    """Create an organization through the platform API; the link its owner is mailed."""
    admin = live.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    payload = {"name": slug.capitalize(), "slug": slug, "owner_email": owner}
    created = live.request("POST", ORGANIZATIONS_URL, token=admin, body=payload)
    assert created.status == 201, created.body
    assert created.json()["mail"] == {"status": "queued"}  # sent by a job, eagerly here
    return mailed_link(smtp.body_of(smtp.last_to(owner)))


def fits_the_screen(page) -> None:
    """Nothing wider than the phone's screen: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


def test_a_new_owner_sets_a_password_from_the_mail_then_signs_in(
    live, browser_smtp, phone, screenshots
):
    link = create_organization(live, browser_smtp, "northwind", "owner@northwind.example")
    assert link.startswith(f"{site(live)}/password/set/?uid=")

    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Choose your password")
    fits_the_screen(phone)
    phone.get_by_label("New password", exact=True).fill(OWNER_PASSWORD)
    phone.get_by_role("button", name="Set password").click()

    expect(phone).to_have_url(f"{site(live)}/password/set/done/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your password is set")
    fits_the_screen(phone)
    phone.get_by_role("link", name="sign in").click()
    phone.locator("#id_username").fill("owner@northwind.example")
    phone.locator("#id_password").fill(OWNER_PASSWORD)
    phone.get_by_role("button", name="Log in").click()

    expect(phone).to_have_url(f"{site(live)}/api/v1/me/")
    expect(phone.locator("body")).to_contain_text('"slug":"northwind"')
    phone.screenshot(path=screenshots / "new-owner-signed-in.png", full_page=True)
    assert live.login("owner@northwind.example", OWNER_PASSWORD)  # and through the API


def test_an_invitee_opens_the_mailed_link_creates_an_account_and_joins(
    live, browser_smtp, phone, screenshots
):
    owner_link = create_organization(live, browser_smtp, "contoso", "owner@contoso.example")
    values = query_of(owner_link)
    password_set = {"uid": values["uid"], "token": values["token"], "password": OWNER_PASSWORD}
    assert live.request("POST", "/api/v1/auth/password/set/", body=password_set).status == 204
    owner = live.login("owner@contoso.example", OWNER_PASSWORD)
    invitation = {"email": "ivy@contoso.example", "role": "member"}
    invited = live.request(
        "POST", INVITATIONS_URL, host="contoso.localhost", token=owner, body=invitation
    )
    assert invited.status == 201, invited.body
    link = mailed_link(browser_smtp.body_of(browser_smtp.last_to("ivy@contoso.example")))
    assert link.startswith(f"{site(live, 'contoso')}/invitations/accept/?token=")

    phone.goto(link)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Join Contoso")
    fits_the_screen(phone)
    phone.get_by_label("First name (optional)").fill("Ivy")
    phone.get_by_label("Last name (optional)").fill("Invitee")
    phone.get_by_label("Choose a password").fill(INVITEE_PASSWORD)
    phone.get_by_role("button", name="Create account and accept").click()

    expect(phone).to_have_url(f"{site(live, 'contoso')}/invitations/joined/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("You joined Contoso")
    expect(phone.locator("main")).to_contain_text("as member")
    fits_the_screen(phone)
    phone.screenshot(path=screenshots / "invitee-joined.png", full_page=True)
    assert live.login("ivy@contoso.example", INVITEE_PASSWORD)


def health_status(page, url: str, expected: int) -> int:
    """The status the organization's domain answers, asked until it is `expected` (each
    worker reads the shared routing version within a second) or five seconds have passed."""
    deadline = time.monotonic() + 5
    while True:
        status = page.goto(url).status
        if status == expected or time.monotonic() > deadline:
            return status
        time.sleep(0.25)


def test_a_platform_admin_creates_suspends_and_reactivates_an_organization(
    live, chromium, screenshots
):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    admin, visitor = context.new_page(), context.new_page()
    health = f"{site(live, 'fabrikam')}/api/v1/health/"
    try:
        admin.goto(f"{site(live)}/admin/")
        admin.locator("#id_username").fill(ADMIN_EMAIL)
        admin.locator("#id_password").fill(ADMIN_PASSWORD)
        admin.get_by_role("button", name="Log in").click()
        admin.locator("a[href$='/admin/tenants/organization/']").first.click()
        admin.get_by_role("link", name="Add organization").click()
        admin.locator("#id_name").fill("Fabrikam")
        admin.locator("#id_slug").fill("fabrikam")
        admin.locator("#id_owner_email").fill("owner@fabrikam.example")
        admin.get_by_role("button", name="Create organization").click()
        expect(admin.locator(".messagelist")).to_contain_text("Created fabrikam.")
        assert health_status(visitor, health, 200) == 200

        admin.get_by_role("link", name="fabrikam", exact=True).click()
        admin.get_by_role("button", name="Suspend").click()
        expect(admin.locator(".messagelist")).to_contain_text("Suspended: fabrikam")
        assert health_status(visitor, health, 403) == 403
        expect(visitor.locator("body")).to_contain_text("organization_suspended")
        visitor.screenshot(path=screenshots / "admin-suspended-domain.png")

        admin.get_by_role("button", name="Reactivate").click()
        expect(admin.locator(".messagelist")).to_contain_text("Reactivated: fabrikam")
        assert health_status(visitor, health, 200) == 200
        admin.screenshot(path=screenshots / "admin-reactivated.png", full_page=True)
    finally:
        context.close()
