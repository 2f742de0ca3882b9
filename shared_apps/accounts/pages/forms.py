"""What the set-password page accepts: the bounds of the API's serializer
(shared_apps/accounts/api/serializers.py); the rules themselves are the service's."""

from django import forms

from core.pages import STRENGTH_RULES_HELP, PageForm


class PasswordSetForm(PageForm):
    uid = forms.CharField(max_length=64, widget=forms.HiddenInput)
    token = forms.CharField(max_length=128, widget=forms.HiddenInput)
    password = forms.CharField(
        label="New password",
        help_text=STRENGTH_RULES_HELP,
        max_length=1024,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
