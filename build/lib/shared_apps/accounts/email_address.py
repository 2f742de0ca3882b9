"""The one normalization of email addresses: sign-up, login, the login throttle,
invitations, erasure and the unique index all go through `normalize_email_address`, so two
inputs are the same person exactly when they normalize to the same string, and every lookup
is an exact comparison with the stored, normalized address.
"""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils.encoding import punycode

from core.errors import DomainError

MAX_LENGTH = 254
NOT_PLAIN = (
    "Use an address whose part before the @ is plain ASCII: look-alike letters (such as "
    "dotless i, long s, the Kelvin sign, fullwidth forms, combining accents or \u00df) are "
    "not accepted."
)
INVALID = "Enter a valid email address."
_validate = EmailValidator()


class EmailAddressRefused(DomainError, ValueError):
    """An address that cannot be stored: malformed (`invalid_email`) or not plain
    (`email_not_plain`). A ValueError too, as Django expects from `create_user`."""

    def __init__(self, message: str, *, code: str, field: str):
        super().__init__(message, code=code, fields={field: [message]})


def normalize_email_address(email: object, *, field: str = "email") -> str:
    """The stored form of `email`, or EmailAddressRefused naming `field`.

    - Surrounding whitespace goes; the part before the @ must be ASCII and is lowercased.
      A non-ASCII local part is refused rather than folded: there is no standard folding
      for local parts, and every folding maps some letter onto an ASCII look-alike
      (PostgreSQL's UPPER() turns dotless i into I and long s into S, NFKC turns the Kelvin
      sign into K and fullwidth letters into ASCII, casefold turns sharp s into ss). Folded,
      `adm\u0131n@example.com` would sign in as `admin@example.com`; kept as typed, it
      would be a second account that looks the same. Refused, it is neither.
    - The domain goes through IDNA (NFKC and case folding by nameprep, then punycode), the
      same conversion Django's mail layer applies when it sends: the stored domain is the
      one mail is delivered to, and it is plain ASCII, so a Cyrillic `\u0430` stays
      visibly different (`xn--...`) instead of looking like `a`.
    - The result must pass Django's EmailValidator and fit 254 characters.

    Stored addresses are therefore plain ASCII and lowercase; a lookup compares exactly
    (never `iexact` or UPPER()), and one unique index on the stored column suffices.
    """
    if not isinstance(email, str):
        raise EmailAddressRefused(INVALID, code="invalid_email", field=field)
    local, at, domain = email.strip().rpartition("@")
    if not at or not local or not domain:
        raise EmailAddressRefused(INVALID, code="invalid_email", field=field)
    if not local.isascii():
        raise EmailAddressRefused(NOT_PLAIN, code="email_not_plain", field=field)
    try:
        domain = punycode(domain).lower()
    except UnicodeError:
        raise EmailAddressRefused(INVALID, code="invalid_email", field=field) from None
    normalized = f"{local.lower()}@{domain}"
    try:
        _validate(normalized)
    except ValidationError:
        raise EmailAddressRefused(INVALID, code="invalid_email", field=field) from None
    if len(normalized) > MAX_LENGTH:
        raise EmailAddressRefused(INVALID, code="invalid_email", field=field)
    return normalized


def validate_email_address(value: str) -> None:
    """A model-field validator (forms, `createsuperuser`): refuses what cannot be stored."""
    try:
        normalize_email_address(value)
    except EmailAddressRefused as refused:
        raise ValidationError(refused.message, code=refused.code) from None


def email_errors(email: object) -> list[str]:
    """A malformed address, as a field error list. A well-formed look-alike is not reported
    here: the service's own normalize_email_address call refuses it with its stable code,
    `email_not_plain`."""
    try:
        normalize_email_address(email)
    except EmailAddressRefused as refused:
        return [refused.message] if refused.code == "invalid_email" else []
    return []
