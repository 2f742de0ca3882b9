"""A free loopback port, for the servers the development tools start (PgBouncer, nginx) and
the benchmarks' servers."""

import socket


def free_port() -> int:
    """A loopback port that is free now (the system picks it): runs in parallel, on one
    machine, do not collide. Nothing listens on it until someone binds it again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
