"""The accept page: the link of an invitation's mail opens it on the organization's domain.
A new account gives its names and a password, an existing one signs in; either way the page
calls `invitation_accept`, as the API does, and is throttled with it. Open to people who are
not members yet (tests/fixtures/routes.py, OPEN_TO_NON_MEMBERS): the token is the key."""

from http import HTTPStatus

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse

from core.errors import DomainError
from core.pages import PageView, page, see_other
from shared_apps.accounts.pages.throttled import page_throttled
from shared_apps.accounts.services import account_authenticate
from shared_apps.accounts.throttling import LoginIPThrottle
from tenant_apps.invitations.pages.forms import NewAccountForm, SignInForm, form_for
from tenant_apps.invitations.selectors import OpenedInvitation, invitation_open
from tenant_apps.invitations.services import invitation_accept
from tenant_apps.memberships.selectors import member_role

# The codes that mean the link itself is spent: a page that says why, not the form again.
# An unknown token is not found; one used, revoked or expired is gone for good.
CLOSED = {
    "invitation_not_found": HTTPStatus.NOT_FOUND,
    "invitation_used": HTTPStatus.GONE,
    "invitation_revoked": HTTPStatus.GONE,
    "invitation_expired": HTTPStatus.GONE,
}
# The codes that mean an account exists for the address: the person signs in instead.
SIGN_IN_INSTEAD = {"sign_in_required", "account_exists"}


class InvitationAcceptPage(PageView):
    def get(self, request: HttpRequest) -> HttpResponse:
        # Opening a link checks its token: that counts as an attempt, as the API's POST does.
        if refusal := page_throttled(request, LoginIPThrottle()):
            return refusal
        token = request.GET.get("token", "")
        try:
            opened = invitation_open(token=token)
        except DomainError as error:
            return _closed(request, error)
        form_class = SignInForm if opened.has_account else NewAccountForm
        # From here on the token travels in the form, not in an address.
        return _form_page(request, opened, form_class(initial=_initial(form_class, opened, token)))

    def post(self, request: HttpRequest) -> HttpResponse:
        form_class = form_for(request.POST.get("account"))
        if refusal := page_throttled(request, *form_class.throttles()):
            return refusal
        form = form_class(request.POST)
        try:
            opened = invitation_open(token=form["token"].value())
        except DomainError as error:
            return _closed(request, error)
        if not form.is_valid():
            return _form_page(request, opened, form, status=HTTPStatus.BAD_REQUEST)
        try:
            user = _accept(request, form)
        except DomainError as error:
            if error.code in CLOSED:  # used or revoked since the page was opened
                return _closed(request, error)
            if error.code in SIGN_IN_INSTEAD:  # an account was made meanwhile: sign in
                initial = _initial(SignInForm, opened, form["token"].value())
                return _form_page(
                    request,
                    opened,
                    SignInForm(initial=initial),
                    alert=error.message,
                    status=error.status,
                )
            _add_errors(form, error)
            return _form_page(request, opened, form, status=error.status)
        # Signed in on this domain (sessions are host-only): the next page, and the API's
        # browsable pages and docs, know them.
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        return see_other("invitation-joined-page")


def _accept(request: HttpRequest, form: NewAccountForm | SignInForm):
    data = form.cleaned_data
    if isinstance(form, SignInForm):
        user = account_authenticate(request=request, email=data["email"], password=data["password"])
        result = invitation_accept(
            organization=request.organization, user=user, token=data["token"]
        )
    else:
        names = {field: data[field] for field in ("first_name", "last_name") if data[field]}
        result = invitation_accept(
            organization=request.organization,
            user=None,
            token=data["token"],
            password=data["password"],
            issue_token=False,  # the page signs the person in with a session instead
            **names,
        )
    return result.user


def _initial(form_class: type, opened: OpenedInvitation, token: str) -> dict:
    return {"account": form_class.ACCOUNT, "token": token, "email": opened.invitation.email}


def _add_errors(form: NewAccountForm | SignInForm, error: DomainError) -> None:
    """The service's message above the form, each field's messages next to that field."""
    form.add_error(None, error.message)
    for field, messages in error.fields.items():
        form.add_error(field if field in form.fields else None, messages)


def _form_page(
    request: HttpRequest,
    opened: OpenedInvitation,
    form: NewAccountForm | SignInForm,
    *,
    alert: str | None = None,
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    context = {
        "form": form,
        "alert": alert,
        "invitation": opened.invitation,
        "organization": request.organization,
    }
    return page(request, "invitations/accept.html", context, status=status)


def _closed(request: HttpRequest, error: DomainError) -> HttpResponse:
    status = CLOSED.get(error.code, HTTPStatus.NOT_FOUND)
    return page(request, "invitations/closed.html", {"message": error.message}, status=status)


class InvitationJoinedPage(PageView):
    """Where the accept page sends the person: it says they joined and where to go next.
    Members only, like everything on an organization's domain: anyone else gets the same
    404 as from every member-only route, on every method."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        self.role = member_role(user=request.user) if request.user.is_authenticated else None
        if self.role is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {"organization": request.organization, "role": self.role}
        return page(request, "invitations/joined.html", context)
