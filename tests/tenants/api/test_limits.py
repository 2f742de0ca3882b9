"""Per-organization limits through the platform API: a plan, and overrides of its request
rate and concurrency, shown with the limits in force; bad values get field errors."""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(settings):
    settings.ORGANIZATION_PLANS = {
        "standard": {"requests_per_minute": 600, "concurrent_requests": 4},
        "large": {"requests_per_minute": 3000, "concurrent_requests": 8},
    }


def detail(tenant) -> str:
    return f"/api/v1/platform/organizations/{tenant.slug}/"


@pytest.mark.usefixtures("plans")
def test_a_platform_admin_sets_a_plan_and_an_override(platform_client, tenant):
    response = platform_client.patch(
        detail(tenant), {"plan": "large", "concurrent_requests": 12}, format="json"
    )

    assert response.status_code == HTTPStatus.OK, response.content
    assert response.json()["limits"] == {
        "plan": "large",
        "requests_per_minute": None,
        "concurrent_requests": 12,
        "in_force": {"requests_per_minute": 3000, "concurrent_requests": 12},
    }


@pytest.mark.usefixtures("plans")
def test_an_override_set_to_null_falls_back_to_the_plan(platform_client, tenant):
    platform_client.patch(detail(tenant), {"requests_per_minute": 50}, format="json")

    response = platform_client.patch(detail(tenant), {"requests_per_minute": None}, format="json")

    assert response.json()["limits"]["in_force"]["requests_per_minute"] == 600


@pytest.mark.usefixtures("plans")
@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"plan": "gold"}, "plan"),
        ({"requests_per_minute": 0}, "requests_per_minute"),
        ({"concurrent_requests": -1}, "concurrent_requests"),
        ({"concurrent_requests": "many"}, "concurrent_requests"),
        ({"requests_per_minute": 10**12}, "requests_per_minute"),
    ],
)
def test_bad_limits_are_field_errors_and_change_nothing(payload, field, platform_client, tenant):
    response = platform_client.patch(detail(tenant), payload, format="json")

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()[field]
    assert platform_client.get(detail(tenant)).json()["limits"]["plan"] == "standard"


def test_a_rename_keeps_working_alone(platform_client, tenant):
    response = platform_client.patch(detail(tenant), {"name": "Renamed"}, format="json")

    assert response.json()["name"] == "Renamed"
    assert response.json()["limits"]["plan"] == "standard"
