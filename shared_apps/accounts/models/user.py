from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower


def normalize_email_address(email: str) -> str:
    """Emails are compared case-insensitively everywhere, so they are stored folded."""
    return (email or "").strip().lower()


ERASE_INSTEAD = (
    "Users have rows in organization schemas, so they are never deleted directly: use "
    "`manage.py erase_user EMAIL` or DELETE /api/v1/platform/users/{id}/, which visit every "
    "schema in one transaction."
)


class UserDeletionRefused(Exception):
    """A plain delete would half-delete a user (DESIGN.md, "Schema layout")."""


class UserQuerySet(models.QuerySet):
    def delete(self):
        raise UserDeletionRefused(ERASE_INSTEAD)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        email = normalize_email_address(email)
        if not email:
            raise ValueError("An email address is required to create a user.")
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, is_active=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=normalize_email_address(username))


class User(AbstractBaseUser, PermissionsMixin):
    """A person, global to the platform. Memberships in organizations live in their schemas."""

    email = models.EmailField(max_length=254, unique=True)
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
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    def delete(self, *args, **kwargs):
        raise UserDeletionRefused(ERASE_INSTEAD)
