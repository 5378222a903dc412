"""Workspace storage behind one interface: GeoPackage (default) now, PostGIS behind the same calls."""
from __future__ import annotations

import os
from typing import Optional

from .errors import NotAWorkspace, SchemaTooNew, StaleVersion, StoreError
from .identity import Actor
from .workspace import Workspace

__all__ = ["open_workspace", "create_workspace", "Workspace", "Actor", "StoreError", "StaleVersion",
           "NotAWorkspace", "SchemaTooNew"]


def open_workspace(location: str | os.PathLike, actor: Optional[Actor] = None) -> Workspace:
    """Open an existing workspace and bring its schema up to date."""
    from .gpkg import GeoPackageWorkspace

    ws = GeoPackageWorkspace(location, actor=actor)
    try:
        if ws.schema_version() == 0:
            raise NotAWorkspace(f"{location}: a GeoPackage but not a WPZF workspace")
        ws.migrate()
    except Exception:
        ws.close()
        raise
    return ws


def create_workspace(location: str | os.PathLike, actor: Optional[Actor] = None) -> Workspace:
    """Create a new, empty workspace (refuses to overwrite an existing file)."""
    from .gpkg import GeoPackageWorkspace

    if os.path.exists(location) and os.path.getsize(location) > 0:
        raise StoreError(f"{location}: file exists; open it instead of creating")
    ws = GeoPackageWorkspace(location, actor=actor, create=True)
    ws.migrate()
    return ws
