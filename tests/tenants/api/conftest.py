import pytest

from tests.fixtures.urls import ORGANIZATIONS_URL


@pytest.fixture
def platform_client(client_for, root_host, platform_admin):
    return client_for(root_host, platform_admin)


@pytest.fixture
def create_organization(platform_client, make_user):
    def create(slug: str, name: str = "Created Org", owner_email: str | None = None):
        owner_email = owner_email or make_user().email
        return platform_client.post(
            ORGANIZATIONS_URL,
            {"name": name, "slug": slug, "owner_email": owner_email},
            format="json",
        )

    return create
