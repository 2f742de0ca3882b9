"""The front proxy's per-organization limits (tenants/services/proxy_limits.py): every host of
every organization mapped to the request rate in force for it (its plan's, or its override),
written to a file nginx includes, rewritten only when it changes."""

import re
import threading

import pytest
from model_bakery import baker

from tenants.models import Domain, Organization
from tenants.services.limits import organization_limits_set
from tenants.services.proxy_limits import (
    LIMITS_FILE,
    host_rates,
    keep_proxy_limits_current,
    proxy_limits_config,
    proxy_limits_write,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plans(settings):
    settings.ORGANIZATION_PLANS = {
        "standard": {"requests_per_minute": 600, "concurrent_requests": 4},
        "large": {"requests_per_minute": 3000, "concurrent_requests": 8},
    }


def zone_lines(config: str) -> dict[int, str]:
    """requests per minute -> the zone's declaration."""
    return {
        int(match.group(1)): match.group(0)
        for match in re.finditer(r"limit_req_zone \S+ zone=\S+ rate=(\d+)r/m;", config)
    }


def mapped(config: str) -> dict[str, int]:
    """host -> requests per minute, as the config's map says."""
    block = re.search(r"map \$host \$organization_rate \{(.*?)\n\}", config, re.S).group(1)
    return {
        host: int(rate)
        for host, rate in re.findall(r"^\s+([a-z0-9.-]+) (\d+);$", block, re.M)
        if host != "default"
    }


def test_every_host_of_an_organization_is_held_to_its_plans_rate(tenant, second_tenant):
    organization_limits_set(organization=tenant, plan="large")
    baker.make(Domain, tenant=tenant, domain="shop.example.com", is_primary=False)

    rates = host_rates()

    assert rates[tenant.primary_hostname] == 3000
    assert rates["shop.example.com"] == 3000
    assert rates[second_tenant.primary_hostname] == 600


def test_an_override_is_the_rate_in_force_and_an_unknown_plan_is_the_standard_one(
    tenant, second_tenant
):
    organization_limits_set(organization=tenant, plan="large", requests_per_minute=90)
    Organization.objects.filter(pk=second_tenant.pk).update(plan="retired")

    rates = host_rates()

    assert rates[tenant.primary_hostname] == 90
    assert rates[second_tenant.primary_hostname] == 600


@pytest.mark.parametrize("extra", [0, 30])
def test_the_rates_are_read_in_one_query_however_many_organizations(
    tenant, extra, django_assert_num_queries
):
    for number in range(extra):
        organization = baker.make(
            Organization, slug=f"extra-{number}", schema_name=f"org_extra_{number}"
        )
        baker.make(Domain, tenant=organization, domain=f"extra-{number}.example.com")

    with django_assert_num_queries(1):
        rates = host_rates()

    assert len(rates) == Domain.objects.count() >= extra + 1


def test_the_config_has_a_zone_per_rate_and_each_host_in_the_map_once():
    rates = {"a.example.com": 600, "b.example.com": 3000, "c.example.com": 600}
    config = proxy_limits_config(rates)

    assert mapped(config) == rates
    assert sorted(zone_lines(config)) == [600, 3000]
    # A second's worth passes undelayed and two seconds' worth waits at most, past the rate.
    assert "limit_req zone=organizations_at_600 burst=20 delay=10;" in config
    assert "limit_req zone=organizations_at_3000 burst=100 delay=50;" in config


def test_a_slow_rate_still_lets_one_request_through_and_holds_two():
    config = proxy_limits_config({"slow.example.com": 6})
    assert "limit_req zone=organizations_at_6 burst=2 delay=1;" in config


def test_a_host_that_is_not_a_plain_hostname_never_reaches_the_config():
    config = proxy_limits_config({"fine.example.com": 600, "x.com; include /etc/passwd": 600})
    assert mapped(config) == {"fine.example.com": 600}
    assert "passwd" not in config


def test_no_organizations_is_a_config_that_limits_nothing_more():
    config = proxy_limits_config({})
    assert zone_lines(config) == {}
    assert "limit_req " not in config


def test_the_file_is_written_once_and_again_only_when_a_rate_changes(tenant, tmp_path):
    assert proxy_limits_write(tmp_path) is True
    written = (tmp_path / LIMITS_FILE).read_text()
    assert mapped(written)[tenant.primary_hostname] == 600

    assert proxy_limits_write(tmp_path) is False

    organization_limits_set(organization=tenant, requests_per_minute=120)
    assert proxy_limits_write(tmp_path) is True
    assert mapped((tmp_path / LIMITS_FILE).read_text())[tenant.primary_hostname] == 120
    # Replaced whole (a rename): nginx never reads half a file; nothing else is left behind.
    assert [path.name for path in tmp_path.iterdir()] == [LIMITS_FILE]


def test_the_keeper_writes_the_file_from_its_own_connection_until_stopped(tenant, tmp_path):
    # `tenant` is committed (made once per session): the keeper's thread has a connection
    # of its own and sees only what is committed, as the command's process does.
    stop = threading.Event()
    keeper = threading.Thread(
        target=keep_proxy_limits_current, args=(tmp_path,), kwargs={"every": 0.05, "stop": stop}
    )
    keeper.start()
    try:
        for _ in range(100):
            if (tmp_path / LIMITS_FILE).exists():
                break
            stop.wait(0.05)
        assert mapped((tmp_path / LIMITS_FILE).read_text())[tenant.primary_hostname] == 600
    finally:
        stop.set()
        keeper.join(timeout=5)
    assert not keeper.is_alive()
