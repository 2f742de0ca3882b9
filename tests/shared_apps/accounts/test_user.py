import pytest
from django.contrib.auth import authenticate, get_user_model
from django.db import IntegrityError

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_email_is_the_login_field():
    assert User.USERNAME_FIELD == "email"


def test_create_user_stores_a_hashed_password_and_keeps_the_names():
    user = User.objects.create_user(
        email="ada@example.com", password="s3cret-pass", first_name="Ada", last_name="Lovelace"
    )
    assert user.password != "s3cret-pass"
    assert user.check_password("s3cret-pass")
    assert user.get_full_name() == "Ada Lovelace"
    assert user.get_short_name() == "Ada"


def test_create_user_folds_the_email_to_lower_case():
    user = User.objects.create_user(email="  Ada@Example.COM ", password="s3cret-pass")
    assert user.email == "ada@example.com"


def test_create_user_without_an_email_is_refused():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password="x")


def test_email_is_unique_case_insensitively_in_the_database():
    User.objects.create_user(email="ada@example.com", password="x")
    # Bypass the manager's folding: the database itself must refuse the duplicate.
    with pytest.raises(IntegrityError):
        User.objects.create(email="ADA@example.com")


def test_login_accepts_the_email_in_any_case():
    User.objects.create_user(email="ada@example.com", password="s3cret-pass")
    assert authenticate(email="ADA@Example.com", password="s3cret-pass") is not None
    assert authenticate(username="Ada@example.com", password="s3cret-pass") is not None
    assert authenticate(email="ada@example.com", password="wrong") is None


def test_create_superuser_is_staff_and_superuser():
    admin = User.objects.create_superuser(email="root@example.com", password="s3cret-pass")
    assert admin.is_staff
    assert admin.is_superuser


def test_str_is_the_email():
    assert str(User(email="ada@example.com")) == "ada@example.com"
