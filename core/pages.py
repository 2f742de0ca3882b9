"""Server-rendered pages a person opens from a mail: accept an invitation, set a password.

Everything else here is the JSON API, whose middleware turns any error answer that is not
JSON into JSON (core/api/middleware.py). These pages answer people, errors included, in
HTML: a response made by `page` is marked so that the middleware lets it through, and a
failed CSRF check on a `PageView` is answered with a page too (core/views.py).
"""

from http import HTTPStatus

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.views import View

# What a page's password field says before anyone types: the rules of
# AUTH_PASSWORD_VALIDATORS (core/settings/base.py), briefly.
STRENGTH_RULES_HELP = (
    "At least 8 characters; not a common password, not only digits, and not close to your "
    "name or email address."
)


# The API's words for a bound (DRF's), so a page and the API say the same thing.
MAX_LENGTH_MESSAGE = "Ensure this field has no more than %(limit_value)d characters."


class PageForm(forms.Form):
    """A form of a page: labels without Django's trailing colon, and the API's message for
    a value over its field's max_length."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # each form's own copies of the fields
            field.error_messages["max_length"] = MAX_LENGTH_MESSAGE


def page(
    request: HttpRequest,
    template_name: str,
    context: dict | None = None,
    *,
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    """Render a page for a person (at `status`, which may be an error's)."""
    response = render(request, template_name, context, status=status)
    response.is_page = True  # read by JsonErrorsMiddleware
    return _keep_secrets(response)


def _keep_secrets(response: HttpResponse) -> HttpResponse:
    # A page's address or form may carry a one-time secret (an invitation token, a
    # set-password link): never cached, and no Referer to another site, so that neither a
    # link on the page nor the browser's next request tells another site (or its logs) the
    # secret. `same-origin`, not `no-referrer`: under `no-referrer` browsers send
    # `Origin: null` with the page's own form, which Django's CSRF check refuses (and on
    # HTTPS it refuses a form without a Referer too); the Referer that stays on the site
    # goes to the server that issued the secret.
    response["Referrer-Policy"] = "same-origin"
    add_never_cache_headers(response)
    return response


def see_other(to: str) -> HttpResponseRedirect:
    """After a form is sent and done, the browser is sent on with a GET (303), so that a
    reload shows the outcome again rather than sending the form twice."""
    response = HttpResponseRedirect(resolve_url(to))
    response.status_code = HTTPStatus.SEE_OTHER
    return response


def is_page_request(request: HttpRequest) -> bool:
    """Whether the request was routed to a PageView (Django resolves the view before the
    CSRF check runs, so its failure view can ask)."""
    view = getattr(getattr(request, "resolver_match", None), "func", None)
    view_class = getattr(view, "view_class", None)
    return isinstance(view_class, type) and issubclass(view_class, PageView)


class PageView(View):
    """A page for a person. Whatever it answers (a redirect too) keeps its secrets as
    `page` does."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return _keep_secrets(super().dispatch(request, *args, **kwargs))
