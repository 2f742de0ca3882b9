"""The local Citus cluster behind `make test-citus` (core/dev/citus.py): its ports, how it
tells whether Citus is installed, and what it says when it is not. Starting the cluster is
proven by `make test-citus` itself."""

from pathlib import Path

from core.dev.citus import (
    MISSING_CITUS,
    citus_installed,
    cluster_ports,
    node_settings,
)


def test_the_cluster_listens_on_9700_to_9702_by_default():
    assert cluster_ports({}) == (9700, [9701, 9702])


def test_citus_port_moves_the_coordinator_and_the_workers_after_it():
    assert cluster_ports({"CITUS_PORT": "6400"}) == (6400, [6401, 6402])


def test_citus_is_installed_when_the_library_and_the_extension_file_are_there(tmp_path: Path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "share" / "extension").mkdir(parents=True)
    (tmp_path / "lib" / "citus.so").touch()
    (tmp_path / "share" / "extension" / "citus.control").touch()

    assert citus_installed(pkglibdir=tmp_path / "lib", sharedir=tmp_path / "share")


def test_citus_is_missing_without_its_library_or_its_extension_file(tmp_path: Path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "share" / "extension").mkdir(parents=True)
    (tmp_path / "share" / "extension" / "citus.control").touch()

    assert not citus_installed(pkglibdir=tmp_path / "lib", sharedir=tmp_path / "share")
    (tmp_path / "lib" / "citus.so").touch()
    (tmp_path / "share" / "extension" / "citus.control").unlink()
    assert not citus_installed(pkglibdir=tmp_path / "lib", sharedir=tmp_path / "share")


def test_the_message_without_citus_says_where_to_get_it():
    assert "docs.citusdata.com" in MISSING_CITUS
    assert "citusdata/citus" in MISSING_CITUS  # the container image


def test_every_node_preloads_citus_listens_on_loopback_and_can_move_schemas():
    settings = node_settings(port=9701)

    assert "shared_preload_libraries = 'citus'" in settings
    assert "port = 9701" in settings
    assert "listen_addresses = '127.0.0.1'" in settings
    assert "wal_level = logical" in settings  # citus_schema_move copies by logical replication
