import pytest

from bench.common import scratch_database_name
from tests.fixtures.deployment import (
    database_drop,
    deployment_prepare,
    deployment_serve,
    deployment_stop,
)


@pytest.fixture(scope="session")
def deployment(tmp_path_factory):
    """One production server for the deploy tests: a scratch database prepared by the
    release step, `make serve`'s command on it; stopped and dropped at the end."""
    database = scratch_database_name("deploy")
    directory = tmp_path_factory.mktemp("deploy")
    environment = deployment_prepare(database, directory / "static")
    server = deployment_serve(database, environment, directory / "server.log")
    yield server
    deployment_stop(server)
    database_drop(database)
