"""The throughput benchmark's servers differ only in what each measures: the baseline fixes
the tenant in place of the routing middleware (and nothing else), and the fair-share
baseline drops only the fair-share middleware."""

import importlib

import pytest

ROUTING = "tenants.routing.middleware.OrganizationRoutingMiddleware"
FIXED = "bench.fixed_schema.FixedSchemaMiddleware"
FAIR_SHARE = "tenants.routing.fair_share.FairShareMiddleware"


@pytest.fixture
def served():
    return importlib.import_module("core.settings.local").MIDDLEWARE


def test_the_fixed_schema_baseline_swaps_the_routing_middleware_only(served):
    fixed = importlib.import_module("bench.settings_fixed").MIDDLEWARE

    assert fixed == [FIXED if name == ROUTING else name for name in served]


def test_the_fair_share_baseline_leaves_out_fair_share_only(served):
    unshared = importlib.import_module("bench.settings_no_fair_share").MIDDLEWARE

    assert unshared == [name for name in served if name != FAIR_SHARE]
    assert FAIR_SHARE in served
