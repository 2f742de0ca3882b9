"""Mail is configured from the environment: EMAIL_URL (the mail server) and
DEFAULT_FROM_EMAIL (the sender), in every settings module."""

import ast

from tests.fixtures.startup import STARTS, start_production

PRINT_MAIL_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(repr((s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL, "
    "s.EMAIL_TIMEOUT)))"
)
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def mail_settings(**env) -> tuple:
    result = start_production(PRINT_MAIL_SETTINGS, **STARTS, **env)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_production_reads_the_mail_server_from_email_url_and_the_sender_from_the_environment():
    settings = mail_settings(
        EMAIL_URL="smtp+tls://mailer%40example.com:s%2Fcret@mail.example.com:587",
        DEFAULT_FROM_EMAIL="Tenantry <no-reply@example.com>",
    )
    assert settings == (
        SMTP,
        "mail.example.com",
        587,
        "mailer@example.com",
        "s/cret",
        True,
        False,
        "Tenantry <no-reply@example.com>",
        10,
    )


def test_smtp_over_ssl_and_a_timeout_from_the_url():
    settings = mail_settings(EMAIL_URL="smtp+ssl://mail.example.com:465?timeout=3")
    assert settings[:3] == (SMTP, "mail.example.com", 465)
    assert settings[5:7] == (False, True)
    assert settings[8] == 3


def test_an_email_url_with_an_unknown_scheme_stops_the_start():
    result = start_production(PRINT_MAIL_SETTINGS, **STARTS, EMAIL_URL="pigeon://loft")
    assert result.returncode != 0
    assert "EMAIL_URL" in result.stderr
