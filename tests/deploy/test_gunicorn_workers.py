"""How many worker processes gunicorn starts (core/gunicorn.py). A worker's threads share one
interpreter lock: two requests in one worker take turns on one core, and one waiting for
the database waits again for the lock when its answer comes. Processes are shared out by
the kernel instead, so the default is two workers per CPU this process may run on
(BENCHMARKS.md, "Fair share under saturation": with 2 workers on 2 cores a flooding
organization took the others' p95 to 1.49x, with 4 to 1.23x)."""

import importlib
import os

import pytest

from core import gunicorn


@pytest.fixture
def config(monkeypatch):
    """core.gunicorn as read with the environment the test sets; read again afterwards."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2})
    yield lambda: importlib.reload(gunicorn)
    monkeypatch.undo()
    importlib.reload(gunicorn)


def test_by_default_two_workers_per_cpu_it_may_run_on(monkeypatch, config):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert config().workers == 6


def test_web_concurrency_sets_the_workers(monkeypatch, config):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert config().workers == 3
