"""A filing deadline on the README's default set-up (SQLite, no broker, the server `make run`
starts): uploads sent at once are all stored and checked, none refused or lost. The bench
(bench/load_uploads.py) does the same with 50 and prints the figures."""

from __future__ import annotations

from bench.load_uploads import run_load


def test_concurrent_uploads_on_the_default_set_up_lose_nothing(monkeypatch):
    for name in ("DATABASE_URL", "CELERY_BROKER_URL"):
        monkeypatch.delenv(name, raising=False)
    load = run_load(uploads=16, rows=300)
    assert load.errors == []
    assert load.stored == 16
    assert sorted(r["status"] for r in load.results) == ["checked"] * 16
    assert {r["findings"] for r in load.results} == {6}  # every report read whole
