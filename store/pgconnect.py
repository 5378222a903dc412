"""QGIS side of a team workspace: the PostgreSQL connections of the QGIS browser as WPZF locations.

A location names a connection (``pg:connection=团队库;schema=daixian``), never its credentials. When
WPZF connects, this module reads the connection from QGIS (the provider registry's connections, or
the ``PostgreSQL/connections/<name>/…`` settings of older profiles) and expands its authentication
configuration through ``QgsApplication.authManager()`` into a libpq connection string that lives in
memory for the duration of the connect call — nothing is written anywhere. Imported only inside QGIS
(store/postgis.py imports it lazily when a location needs it).

A location's own keywords reach QGIS through QgsDataSourceUri's setters, never as pasted ``k='v'`` text:
the URI quotes and escapes every value it writes, so a value cannot end itself and add a keyword (a
user name ``u' host='evil.example' x='`` would otherwise send the saved credentials to that host).
"""
from __future__ import annotations

from typing import Optional

from qgis.core import QgsApplication, QgsDataSourceUri, QgsProviderRegistry, QgsSettings

from .errors import StoreError
from .pglocation import PgLocation, check_endpoint, make_location

SETTINGS_ROOT = "PostgreSQL/connections"


def _provider_connections() -> dict:
    md = QgsProviderRegistry.instance().providerMetadata("postgres")
    if md is None:
        return {}
    try:
        return dict(md.connections(False))
    except TypeError:   # older signature without the cached flag
        return dict(md.connections())
    except Exception:
        return {}


def _settings_uri(name: str) -> Optional[QgsDataSourceUri]:
    s = QgsSettings()
    s.beginGroup(SETTINGS_ROOT)
    groups = s.childGroups()
    s.endGroup()
    if name not in groups:
        return None
    key = f"{SETTINGS_ROOT}/{name}"
    uri = QgsDataSourceUri()
    host, port = str(s.value(f"{key}/host", "") or ""), str(s.value(f"{key}/port", "") or "")
    database, service = str(s.value(f"{key}/database", "") or ""), str(s.value(f"{key}/service", "") or "")
    user = str(s.value(f"{key}/username", "") or "") if str(s.value(f"{key}/saveUsername", "true")) != "false" else ""
    password = str(s.value(f"{key}/password", "") or "") if str(s.value(f"{key}/savePassword", "false")) == "true" \
        else ""
    authcfg = str(s.value(f"{key}/authcfg", "") or "")
    ssl = s.value(f"{key}/sslmode", "")
    if isinstance(ssl, str) and ssl and not ssl.isdigit():
        mode = QgsDataSourceUri.decodeSslMode(ssl)
    else:
        try:
            mode = QgsDataSourceUri.SslMode(int(ssl)) if str(ssl).strip() else QgsDataSourceUri.SslMode.SslPrefer
        except (TypeError, ValueError):
            mode = QgsDataSourceUri.SslMode.SslPrefer
    if service:
        uri.setConnection(service, database, user, password, mode, authcfg)
    else:
        uri.setConnection(host, port, database, user, password, mode, authcfg)
    return uri


def connection_names() -> list[str]:
    """The PostgreSQL connections of the QGIS browser, sorted."""
    names = set(_provider_connections())
    s = QgsSettings()
    s.beginGroup(SETTINGS_ROOT)
    names.update(s.childGroups())
    s.endGroup()
    return sorted(names, key=str.casefold)


def connection_uri(name: str) -> QgsDataSourceUri:
    """The connection ``name`` as a data source URI (may hold a saved password: keep it in memory)."""
    conns = _provider_connections()
    if name in conns:
        return QgsDataSourceUri(conns[name].uri())
    uri = _settings_uri(name)
    if uri is None:
        raise StoreError(f"no PostgreSQL connection named {name!r} in QGIS")
    return uri


def uri_from_params(params: dict) -> QgsDataSourceUri:
    """A data source URI from libpq keywords, set field by field: QgsDataSourceUri quotes and escapes each
    value when it writes the connection string, so no value (a user name with quotes and spaces …) can end
    itself and add a keyword — another host — behind it. host/port/sslmode are checked (QGIS writes them
    unquoted); a password is never taken."""
    check_endpoint(params)
    ssl = params.get("sslmode")
    mode = QgsDataSourceUri.decodeSslMode(ssl) if ssl else QgsDataSourceUri.SslMode.SslPrefer
    uri = QgsDataSourceUri()
    if params.get("service"):
        uri.setConnection(params["service"], params.get("dbname", ""), params.get("user", ""), "", mode, "")
    else:
        uri.setConnection(params.get("host", ""), params.get("port", ""), params.get("dbname", ""),
                          params.get("user", ""), "", mode, "")
    return uri


def _uri_of(loc: PgLocation) -> QgsDataSourceUri:
    """The connection of a location: the QGIS connection it names, or its own keywords or URI."""
    if loc.connection:
        return connection_uri(loc.connection)
    params = dict(loc.params)
    if loc.uri:
        from psycopg2.extensions import parse_dsn

        params = {k: v for k, v in parse_dsn(loc.uri).items() if k != "password"}
    return uri_from_params(params)


def conninfo_uri(loc: PgLocation) -> QgsDataSourceUri:
    """What ``resolve_conninfo`` expands: the connection of ``loc`` with its authentication configuration."""
    uri = _uri_of(loc)
    if loc.authcfg:
        uri.setAuthConfigId(loc.authcfg)
    return uri


def _check_authcfg(authcfg: str) -> None:
    if authcfg and authcfg not in QgsApplication.authManager().configIds():
        raise StoreError(f"QGIS has no authentication configuration {authcfg!r} (or its store is locked)")


def resolve_conninfo(loc: PgLocation) -> str:
    """libpq connection string of ``loc`` with the credentials QGIS keeps for it (in memory only)."""
    uri = conninfo_uri(loc)
    _check_authcfg(uri.authConfigId())
    return uri.connectionInfo(True)


def connection_items(loc: PgLocation) -> list[tuple[str, str]]:
    """The connection of ``loc`` as layer URI items: database, service or host and port, user, sslmode and
    authcfg — never a password (QGIS asks for one, or finds it through the authcfg or service)."""
    uri = _uri_of(loc)
    items = [("dbname", uri.database())]
    if uri.service():
        items.append(("service", uri.service()))
    else:
        items += [("host", uri.host()), ("port", uri.port())]
    items.append(("user", uri.username()))
    if uri.sslMode() != QgsDataSourceUri.SslMode.SslPrefer:
        items.append(("sslmode", QgsDataSourceUri.encodeSslMode(uri.sslMode())))
    authcfg = loc.authcfg or uri.authConfigId()
    if authcfg:
        items.append(("authcfg", authcfg))
    return [(k, v) for k, v in items if v]


def location_for(name: str, schema: str) -> str:
    """The WPZF location of workspace ``schema`` through the QGIS connection ``name``."""
    return make_location(schema, connection=name)


def conninfo_for(name: str) -> str:
    """libpq connection string of the QGIS connection ``name`` (credentials in memory only)."""
    return resolve_conninfo(PgLocation(connection=name))
