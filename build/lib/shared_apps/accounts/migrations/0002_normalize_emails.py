"""Store every existing address in its normalized form (normalize_email_address).

Refuses, changing nothing, when two accounts would end up with the same address or an
address cannot be stored at all (a look-alike such as `adm\u0131n@example.com`): which
account is the real one is a decision for a person, not for a migration. The error lists
every such address; change or erase those accounts, then migrate again.
"""

from collections import defaultdict

from django.db import migrations

from shared_apps.accounts.email_address import EmailAddressRefused, normalize_email_address


class EmailNormalizationRefused(Exception):
    pass


def problems_with(emails: list[tuple[int, str]]) -> tuple[dict[str, str], list[str]]:
    """(changes by stored address, messages for every collision and refused address)."""
    owners: dict[str, list[str]] = defaultdict(list)
    refused = []
    for _, email in emails:
        try:
            owners[normalize_email_address(email)].append(email)
        except EmailAddressRefused as error:
            refused.append(f"  {email!r} cannot be stored ({error.code})")
    collisions = [
        f"  {', '.join(repr(email) for email in sorted(typed))} would all become {address!r}"
        for address, typed in sorted(owners.items())
        if len(typed) > 1
    ]
    changes = {
        email: address for address, typed in owners.items() for email in typed if email != address
    }
    return changes, collisions + refused


def normalize_existing_emails(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    changes, problems = problems_with(list(User.objects.values_list("pk", "email")))
    if problems:
        raise EmailNormalizationRefused(
            f"{len(problems)} email address problem(s); nothing was changed. Change or erase "
            "these accounts, then migrate again:\n" + "\n".join(problems)
        )
    for email, address in sorted(changes.items()):
        User.objects.filter(email=email).update(email=address)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(normalize_existing_emails, migrations.RunPython.noop)]
