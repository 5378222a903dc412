"""The store's behaviour tests, run again against a PostGIS workspace.

Each test below is the GeoPackage test itself (imported from its module, unchanged); only the ``ws``
fixture differs: it runs the original module's fixture with ``create_workspace`` pointed at a fresh
schema of the throw-away cluster (tests/store/pg_fixtures.py). Tests that poke at the GeoPackage file
itself (sqlite3, file paths) stay GeoPackage-only.
"""
import importlib
import inspect
import sys

import pytest

from wpzf.store import create_workspace
from wpzf.tests.store import pg_fixtures

pg_cluster = pg_fixtures.pg_cluster
pg_location = pg_fixtures.pg_location
pg_schema = pg_fixtures.pg_schema

SOURCES = {
    "workspace": ("wpzf.tests.store.test_gpkg_workspace", {
        "test_insert_update_audit_and_versions", "test_stale_version_is_refused_and_nothing_changes",
        "test_failed_transaction_leaves_nothing", "test_geometry_change_is_audited_by_digest"}),
    "determinations": ("wpzf.tests.store.test_determinations", None),
    "update_many": ("wpzf.tests.store.test_update_many", None),
    "bulk_determine": ("wpzf.tests.store.test_bulk_determine", None),
    "cases": ("wpzf.tests.store.test_case_workflow", None),
    "queue": ("wpzf.tests.store.test_queue", None),
    "dashboard": ("wpzf.tests.store.test_dashboard", None),
    "overlay": ("wpzf.tests.store.test_overlay_store", None),
    "rosters": ("wpzf.tests.store.test_roster_store", None),
}


def _raw(fixture):
    wrapped = getattr(fixture, "__pytest_wrapped__", None)
    if wrapped is not None:
        return wrapped.obj
    if hasattr(fixture, "_get_wrapped_function"):
        return fixture._get_wrapped_function()
    return getattr(fixture, "__wrapped__", fixture)


def _is_fixture(obj) -> bool:
    return hasattr(obj, "_pytestfixturefunction") or type(obj).__name__ == "FixtureFunctionDefinition"


_collected = {}
for _short, (_name, _only) in SOURCES.items():
    try:
        _mod = importlib.import_module(_name)
    except Exception:  # a module another change is rewriting: its own run reports it
        continue
    for _attr, _obj in vars(_mod).items():
        if _attr.startswith("test_") and callable(_obj) and (_only is None or _attr in _only) \
                and "ws" in inspect.signature(_obj).parameters:
            _collected[f"test_{_short}__{_attr[5:]}"] = _obj
        elif _is_fixture(_obj) and _attr != "ws" and _attr not in globals():
            globals()[_attr] = _obj
globals().update(_collected)


def test_every_source_module_contributes_its_tests():
    """A module that stopped importing, or a listed GeoPackage test renamed, would drop out of the PostGIS
    run without a word: each source must give at least one test, and every listed name must be found."""
    for short, (name, only) in SOURCES.items():
        got = {k[len(f"test_{short}__"):] for k in _collected if k.startswith(f"test_{short}__")}
        assert got, f"{name}: no test taking a ws fixture was collected"
        if only is not None:
            assert got == {t[len("test_"):] for t in only}, (name, sorted(got))


@pytest.fixture
def ws(request, pg_location, monkeypatch):  # noqa: F811
    """The original module's workspace fixture, writing into a PostGIS schema instead of a file."""
    module = sys.modules[request.function.__module__]
    fixture = module.ws
    home = sys.modules[fixture.__module__] if fixture.__module__ in sys.modules else module
    home = home if hasattr(home, "create_workspace") else module
    monkeypatch.setattr(home, "create_workspace",
                        lambda _path, actor=None: create_workspace(pg_location, actor=actor))
    raw = _raw(fixture)
    kwargs = {p: request.getfixturevalue(p) for p in inspect.signature(raw).parameters}
    result = raw(**kwargs)
    if inspect.isgenerator(result):
        w = next(result)
        assert w.kind == "postgis"
        yield w
        try:
            next(result)
        except StopIteration:
            pass
    else:
        assert result.kind == "postgis"
        yield result
        result.close()
