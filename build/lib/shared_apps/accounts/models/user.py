from contextlib import suppress

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from shared_apps.accounts.email_address import (
    EmailAddressRefused,
    normalize_email_address,
    validate_email_address,
)

ERASE_INSTEAD = (
    "Users have rows in organization schemas, so they are never deleted directly: use "
    "`manage.py erase_user EMAIL` or DELETE /api/v1/platform/users/{id}/, which visit every "
    "schema in one transaction."
)


class UserDeletionRefused(Exception):
    """A plain delete would half-delete a user (docs/architecture.md, "The schema split")."""


class UserQuerySet(models.QuerySet):
    def delete(self):
        raise UserDeletionRefused(ERASE_INSTEAD)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        email = normalize_email_address(email)
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, is_active=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str) -> "User":
        # Exact: the stored address is normalized, and an address that cannot be stored
        # (a look-alike) belongs to nobody.
        try:
            email = normalize_email_address(username)
        except EmailAddressRefused:
            raise self.model.DoesNotExist from None
        return self.get(email=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person, global to the platform. Memberships in organizations live in their schemas."""

    email = models.EmailField(max_length=254, unique=True, validators=[validate_email_address])
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        default=False, help_text="Platform admins: may use the admin and the platform API."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            # The last word on "stored normalized" (normalize_email_address), for writes
            # that bypass save(): plain ASCII and lowercase.
            models.CheckConstraint(
                condition=Q(email=Lower("email")) & Q(email__regex=r"^[\x21-\x7e]+$"),
                name="accounts_user_email_normalized",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        with suppress(EmailAddressRefused):  # the field's validator has reported it
            self.email = normalize_email_address(self.email)

    def save(self, *args, **kwargs) -> None:
        self.email = normalize_email_address(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    def delete(self, *args, **kwargs):
        raise UserDeletionRefused(ERASE_INSTEAD)
