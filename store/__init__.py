"""Workspace storage behind one interface: GeoPackage (default, one file) or PostGIS (a team database)."""
from __future__ import annotations

import os
from typing import Optional

from .errors import NotAWorkspace, SchemaTooNew, StaleVersion, StoreError
from .identity import Actor
from .workspace import Workspace

__all__ = ["open_workspace", "create_workspace", "is_team_location", "Workspace", "Actor", "StoreError", "StaleVersion",
           "NotAWorkspace", "SchemaTooNew"]


def open_workspace(location: str | os.PathLike, actor: Optional[Actor] = None) -> Workspace:
    """Open an existing workspace and bring its schema up to date.

    ``location`` is a GeoPackage path or a PostgreSQL location (``pg:…;schema=…``, ``postgresql://…?schema=…``;
    see store/postgis.py)."""
    if _is_pg(location):
        from .postgis import PostgisWorkspace

        ws = PostgisWorkspace(str(location), actor=actor)
        kind = f"schema {ws.schema}"
    else:
        from .gpkg import GeoPackageWorkspace

        ws = GeoPackageWorkspace(location, actor=actor)
        kind = "a GeoPackage"
    try:
        if ws.schema_version() == 0:
            raise NotAWorkspace(f"{location}: {kind} but not a WPZF workspace")
        ws.migrate()
        from .determine_mark import heal

        heal(ws)
    except Exception:
        ws.close()
        raise
    return ws


def create_workspace(location: str | os.PathLike, actor: Optional[Actor] = None) -> Workspace:
    """Create a new, empty workspace (refuses to overwrite an existing file or a schema holding one)."""
    if _is_pg(location):
        from .postgis import PostgisWorkspace

        ws = PostgisWorkspace(str(location), actor=actor, create=True)
        try:
            ws.migrate()
        except Exception:
            ws.close()
            raise
    else:
        from .gpkg import GeoPackageWorkspace

        if os.path.exists(location) and os.path.getsize(location) > 0:
            raise StoreError(f"{location}: file exists; open it instead of creating")
        ws = GeoPackageWorkspace(location, actor=actor, create=True)
        ws.migrate()
    from .rosters import seed_default_roster

    seed_default_roster(ws)  # the shipped 名册 as audited rows, so later edits show in the audit
    return ws


def is_team_location(location) -> bool:
    """True for a PostgreSQL location (a team workspace), False for a GeoPackage path."""
    return _is_pg(location)


def _is_pg(location) -> bool:
    return isinstance(location, str) and location.startswith(("pg:", "postgresql://", "postgres://"))
