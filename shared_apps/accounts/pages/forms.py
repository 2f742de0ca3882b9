"""What the set-password page accepts: the bounds of the API's serializer
(shared_apps/accounts/api/serializers.py); the rules themselves are the service's."""

from django import forms

from core.pages import STRENGTH_RULES_HELP, PageForm

# The API's words for the same bounds (DRF's), so both say the same thing.
MESSAGES = {"max_length": "Ensure this field has no more than %(limit_value)d characters."}


class PasswordSetForm(PageForm):
    uid = forms.CharField(max_length=64, widget=forms.HiddenInput, error_messages=MESSAGES)
    token = forms.CharField(max_length=128, widget=forms.HiddenInput, error_messages=MESSAGES)
    password = forms.CharField(
        label="New password",
        help_text=STRENGTH_RULES_HELP,
        max_length=1024,
        strip=False,
        error_messages=MESSAGES,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
