"""The set-password page: the link a new organization's owner receives (onboarding.py)
opens it on the platform's domain. It calls `password_set`, as the API does, and is
throttled with it."""

from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

from core.errors import DomainError
from core.pages import PageView, page, see_other
from shared_apps.accounts.models import User
from shared_apps.accounts.pages.forms import PasswordSetForm
from shared_apps.accounts.pages.throttled import page_throttled
from shared_apps.accounts.services import password_link_user, password_set
from shared_apps.accounts.services.passwords import INVALID_LINK
from shared_apps.accounts.throttling import LoginIPThrottle


class PasswordSetPage(PageView):
    def get(self, request: HttpRequest) -> HttpResponse:
        # Opening a link checks its token: that counts as an attempt, as the API's POST does.
        if refusal := page_throttled(request, LoginIPThrottle()):
            return refusal
        uid, token = request.GET.get("uid", ""), request.GET.get("token", "")
        user = password_link_user(uid=uid, token=token)
        if user is None:
            return _invalid_link(request)
        # From here on the values travel in the form, not in an address.
        return _form_page(request, PasswordSetForm(initial={"uid": uid, "token": token}), user)

    def post(self, request: HttpRequest) -> HttpResponse:
        if refusal := page_throttled(request, LoginIPThrottle()):
            return refusal
        form = PasswordSetForm(request.POST)
        user = password_link_user(uid=form["uid"].value(), token=form["token"].value())
        if user is None:
            return _invalid_link(request)
        if not form.is_valid():
            return _form_page(request, form, user, status=HTTPStatus.BAD_REQUEST)
        try:
            password_set(**form.cleaned_data)
        except DomainError as error:
            if error.code == "invalid_link":  # used a moment ago, by another request
                return _invalid_link(request)
            form.add_error(None, error.message)
            for field, messages in error.fields.items():
                form.add_error(field if field in form.fields else None, messages)
            return _form_page(request, form, user, status=error.status)
        return see_other("password-set-done-page")


class PasswordSetDonePage(PageView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return page(request, "accounts/password_set_done.html")


def _form_page(
    request: HttpRequest, form: PasswordSetForm, user: User, *, status: int = HTTPStatus.OK
) -> HttpResponse:
    context = {"form": form, "email": user.email}
    return page(request, "accounts/password_set.html", context, status=status)


def _invalid_link(request: HttpRequest) -> HttpResponse:
    # One page for a link that never worked and one already used, as the API gives one
    # message for both: which it is tells a guesser nothing useful either way.
    return page(
        request,
        "accounts/password_link_invalid.html",
        {"message": INVALID_LINK},
        status=HTTPStatus.NOT_FOUND,
    )
