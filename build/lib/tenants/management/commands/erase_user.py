from django.core.management.base import CommandError

from shared_apps.accounts.models import User
from tenants.management.commands._organization_command import OrganizationCommand
from tenants.services.erasure import user_erase


class Command(OrganizationCommand):
    help = (
        "Erase a user everywhere: memberships, grants and invitations in every schema, "
        "projects handed to an owner, tokens, sessions, then the account. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone.")

    def handle(self, *args, email: str, yes: bool, **options):
        if not yes:
            raise CommandError("Erasing cannot be undone; pass --yes to confirm.")
        try:
            user = User.objects.get_by_natural_key(email)
        except User.DoesNotExist:
            raise CommandError(f"No user with email {email}.") from None
        user_erase(user=user)
        self.stdout.write(self.style.SUCCESS(f"Erased {user.email} from every organization."))
