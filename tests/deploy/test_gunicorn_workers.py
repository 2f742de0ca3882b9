"""How many worker processes gunicorn starts (core/gunicorn.py says why: two per CPU)."""

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
