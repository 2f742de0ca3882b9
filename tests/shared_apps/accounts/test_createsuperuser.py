import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command


@pytest.mark.django_db
def test_createsuperuser_noinput_takes_the_email_and_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Root@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-root-password")

    call_command("createsuperuser", "--noinput", verbosity=0)

    admin = authenticate(email="root@example.com", password="a-long-root-password")
    assert admin is not None
    assert admin.is_staff


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["adm\u0131n@example.com", "\uff41dmin@example.com", "admi\u0301n@example.com"]
)
def test_createsuperuser_refuses_a_look_alike_address(email, monkeypatch):
    from django.core.management.base import CommandError

    from shared_apps.accounts.models import User

    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", email)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-root-password")

    with pytest.raises(CommandError, match="ASCII"):
        call_command("createsuperuser", "--noinput", verbosity=0)
    assert not User.objects.filter(is_superuser=True, email__startswith="adm").exists()
