"""Organization slugs and the schema names derived from them (docs/architecture.md, "Names").

A slug is a DNS label, because it becomes `<slug>.<TENANT_BASE_DOMAIN>`. The schema name is
derived by code from the slug and never typed by a user; it is checked again anyway, since
it reaches SQL (always quoted with psycopg's `sql.Identifier`).
"""

import re

from django.core.exceptions import ValidationError

# \Z, not $: `$` would accept a trailing newline.
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]\Z", re.ASCII)
SCHEMA_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,62}\Z", re.ASCII)
SCHEMA_PREFIX = "org_"

RESERVED_SLUGS = frozenset(
    {
        "www", "api", "admin", "app", "static", "media", "mail", "public", "smtp", "imap",
        "pop", "ftp", "ns1", "ns2", "dns", "mx", "cdn", "assets", "status", "help", "support",
        "docs", "blog", "auth", "login", "signup", "billing", "dashboard", "platform", "root",
        "system", "internal", "localhost", "test", "dev", "staging", "prod", "production",
        "information-schema", "postgres", "template0", "template1",
    }
)  # fmt: skip
RESERVED_SCHEMAS = frozenset({"public", "information_schema"})


def validate_organization_slug(value: str) -> None:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        raise ValidationError(
            "Use 3-40 lowercase letters, digits and hyphens, starting with a letter and "
            "not ending with a hyphen.",
            code="invalid_slug",
        )
    if value in RESERVED_SLUGS or value.startswith(("pg-", "xn--")):
        raise ValidationError("This name is reserved.", code="reserved_slug")


def schema_name_for_slug(slug: str) -> str:
    return SCHEMA_PREFIX + slug.replace("-", "_")


def validate_schema_name(value: str) -> None:
    if (
        not isinstance(value, str)
        or not SCHEMA_PATTERN.match(value)
        or value in RESERVED_SCHEMAS
        or value.startswith("pg_")
    ):
        raise ValidationError("Not a safe schema name.", code="invalid_schema_name")


HOSTNAME_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)\Z", re.ASCII)
MAX_HOSTNAME_LENGTH = 253


def normalize_hostname(value: object) -> str:
    """A custom domain, case-folded and without a final dot; ValidationError if it is not a
    DNS hostname (letters, digits, hyphens; at least two labels; no IP addresses)."""
    if not isinstance(value, str):
        raise ValidationError("Enter a hostname such as shop.example.com.", code="invalid_domain")
    hostname = value.strip().lower().rstrip(".")
    labels = hostname.split(".")
    if (
        len(hostname) > MAX_HOSTNAME_LENGTH
        or len(labels) < 2
        or not all(HOSTNAME_LABEL.match(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise ValidationError("Enter a hostname such as shop.example.com.", code="invalid_domain")
    return hostname
