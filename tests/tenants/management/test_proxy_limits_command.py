"""`manage.py proxy_limits DIRECTORY`: writes the front proxy's per-organization limits
(README "Behind a proxy") and says whether they changed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tenants.services.proxy_limits import LIMITS_FILE

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("proxy_limits", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_limits_then_says_they_are_unchanged(tenant, tmp_path):
    assert "written" in run(str(tmp_path))
    assert tenant.primary_hostname in (tmp_path / LIMITS_FILE).read_text()
    assert "unchanged" in run(str(tmp_path))


def test_a_directory_that_does_not_exist_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No directory"):
        run(str(tmp_path / "missing"))


def test_an_interval_below_one_second_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--every"):
        run(str(tmp_path), "--every", "0.5")
