from django.core.management.base import CommandError

from shared_apps.accounts.models import User
from tenants.management.commands._organization_command import OrganizationCommand, job_report
from tenants.services.erasure import user_erase
from tenants.services.erasure_jobs import user_erase_or_queue


class Command(OrganizationCommand):
    help = (
        "Erase a user everywhere: memberships, grants and invitations in every schema, "
        "projects handed to an owner, tokens, sessions, then the account. All or nothing. "
        "A job does it for a user in more than ERASE_INLINE_ORGANIZATIONS, unless --wait."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Confirm: this cannot be undone.")
        parser.add_argument(
            "--wait", action="store_true", help="Erase here and now, never in a job."
        )

    def handle(self, *args, email: str, yes: bool, wait: bool = False, **options):
        if not yes:
            raise CommandError("Erasing cannot be undone; pass --yes to confirm.")
        try:
            user = User.objects.get_by_natural_key(email)
        except User.DoesNotExist:
            raise CommandError(f"No user with email {email}.") from None
        if not wait and (job := user_erase_or_queue(user=user)) is not None:
            self.stdout.write(job_report(job))
            return
        if wait:
            user_erase(user=user)
        self.stdout.write(self.style.SUCCESS(f"Erased {user.email} from every organization."))
