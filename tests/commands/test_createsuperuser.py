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
