"""What the accept page takes from a new account or a sign-in: the bounds of the API's
serializers (tenant_apps/invitations/api/serializers.py, the login serializer); the rules
themselves are the services'. The hidden `account` field says which of the two forms was
sent, since both post to the same address."""

from django import forms

from core.pages import STRENGTH_RULES_HELP, PageForm
from shared_apps.accounts.throttling import LoginEmailThrottle, LoginIPThrottle


class _InvitationForm(PageForm):
    account = forms.CharField(widget=forms.HiddenInput)
    token = forms.CharField(max_length=256, widget=forms.HiddenInput)


class NewAccountForm(_InvitationForm):
    ACCOUNT = "new"

    first_name = forms.CharField(
        label="First name (optional)",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label="Last name (optional)",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    # Not required here: the service says what a missing password means, as to the API.
    password = forms.CharField(
        label="Choose a password",
        help_text=STRENGTH_RULES_HELP,
        max_length=1024,
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "required": True}),
    )

    @staticmethod
    def throttles() -> tuple:
        return (LoginIPThrottle(),)  # the accept endpoint's


class SignInForm(_InvitationForm):
    ACCOUNT = "existing"

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Password",
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    @staticmethod
    def throttles() -> tuple:
        # A sign-in guesses at a password: the login endpoint's throttles, per IP and per
        # the email this form authenticates with.
        return (LoginIPThrottle(), LoginEmailThrottle(form_field="email"))


def form_for(account: object) -> type[_InvitationForm]:
    return SignInForm if account == SignInForm.ACCOUNT else NewAccountForm
