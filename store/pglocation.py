"""Team-workspace location strings (pg:… or postgresql://…) parsed, written and checked, apart from the connection."""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from .errors import StoreError

try:
    import psycopg2
    import psycopg2.extensions
except ImportError:  # pragma: no cover - psycopg2 ships with QGIS and python3-qgis
    psycopg2 = None

DEFAULT_SCHEMA = "wpzf"
_SECRETS: dict[str, str] = {}   # location → password given in it; this process's memory only


def _esc(v: str) -> str:
    """A value as ``PgLocation.parse`` reads it back whole: its separators (; =), quotes and outer blanks
    %-encoded, so a value can never become a second keyword."""
    v = str(v)
    for ch in "%;='":
        v = v.replace(ch, quote(ch, safe=""))
    core = v.strip()
    if core != v:
        lead, trail = v[:len(v) - len(v.lstrip())], v[len(v.rstrip()):]
        v = quote(lead, safe="") + core + quote(trail, safe="")
    return v


_SCHEMA_RE = re.compile(r'^[^"\x00-\x1f]{1,63}$')


def check_schema_name(name: str) -> str:
    name = (name or "").strip()
    if not _SCHEMA_RE.match(name) or len(name.encode("utf-8")) > 63 or name.lower().startswith("pg_") \
            or name in ("public", "information_schema"):
        raise StoreError(f"{name!r}: not a usable schema name (1–63 bytes, no double quote, not pg_…, "
                         "not public)")
    return name


_PLAIN_VALUE = re.compile(r"^[^\s'\"\\]*$")


def check_endpoint(params: dict) -> None:
    """host, hostaddr and port as written unquoted in a connection string (QGIS writes them so): no spaces,
    quotes or backslashes that could end the value and start another keyword; a port is a number."""
    for k in ("host", "hostaddr", "port", "sslmode"):
        v = str(params.get(k) or "")
        if not _PLAIN_VALUE.match(v) or (k == "port" and v and not all(p.isdigit() for p in v.split(","))):
            raise StoreError(f"{k}={v!r}: not a usable {k} (no spaces, quotes or backslashes)")


@dataclass(frozen=True)
class PgLocation:
    """A parsed location: libpq keywords (or a URI), the schema, and where the credentials come from."""
    schema: str = DEFAULT_SCHEMA
    params: tuple[tuple[str, str], ...] = ()   # libpq keywords, never a password
    uri: str = ""                              # a postgresql:// URI without password and without schema
    connection: str = ""                       # a QGIS browser connection name
    authcfg: str = ""                          # a QGIS authentication configuration id

    @classmethod
    def parse(cls, location) -> PgLocation:
        text = str(location).strip()
        if text.startswith(("postgresql://", "postgres://")):
            parts = urlsplit(text)
            query = parse_qsl(parts.query, keep_blank_values=True)
            schema = next((v for k, v in query if k == "schema"), DEFAULT_SCHEMA)
            authcfg = next((v for k, v in query if k == "authcfg"), "")
            query = [(k, v) for k, v in query if k not in ("schema", "authcfg", "password")]
            netloc, password = parts.netloc, None
            if "@" in netloc:
                cred, host = netloc.rsplit("@", 1)
                if ":" in cred:
                    user, password = cred.split(":", 1)
                    netloc = f"{user}@{host}"
            uri = urlunsplit((parts.scheme, netloc, parts.path, urlencode(query), ""))
            check_endpoint({k: v for k, v in psycopg2.extensions.parse_dsn(uri).items() if k in ("host", "port")}
                           if psycopg2 is not None else {})
            loc = cls(check_schema_name(unquote(schema)), (), uri, "", authcfg)
            if password:
                _SECRETS[loc.text()] = unquote(password)
            return loc
        if not text.startswith("pg:"):
            raise StoreError(f"{text}: not a PostgreSQL location (pg:… or postgresql://…)")
        items: dict[str, str] = {}
        chunks = []
        for chunk in text[3:].split(";"):
            # "host=a port=5432 dbname=b" (libpq style) inside one chunk; "connection=Team DB" stays whole
            chunks += chunk.split() if chunk.count("=") > 1 else [chunk]
        for chunk in chunks:
            chunk = chunk.strip()
            if not chunk:
                continue
            if "=" not in chunk:
                raise StoreError(f"{text}: '{chunk}' is not key=value")
            k, v = chunk.split("=", 1)
            k = k.strip().lower()
            if k in items:   # "user=u' host='evil' …": a value must not smuggle in a second keyword
                raise StoreError(f"{text}: '{k}' is given twice")
            items[k] = unquote(v.strip().strip("'"))
        password = items.pop("password", None)
        schema = check_schema_name(items.pop("schema", DEFAULT_SCHEMA))
        connection = items.pop("connection", "")
        authcfg = items.pop("authcfg", "")
        if not items and not connection and not authcfg:
            raise StoreError(f"{text}: no database given (service=…, host=…;dbname=…, or connection=…)")
        check_endpoint(items)
        loc = cls(schema, tuple(sorted(items.items())), "", connection, authcfg)
        if password:
            _SECRETS[loc.text()] = password
        return loc

    def text(self) -> str:
        """The location string (no password)."""
        if self.uri:
            parts = urlsplit(self.uri)
            query = parse_qsl(parts.query, keep_blank_values=True) + [("schema", self.schema)]
            if self.authcfg:
                query.append(("authcfg", self.authcfg))
            return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
        items = []
        if self.connection:
            items.append(("connection", self.connection))
        items += list(self.params)
        if self.authcfg:
            items.append(("authcfg", self.authcfg))
        items.append(("schema", self.schema))
        return "pg:" + ";".join(f"{k}={_esc(v)}" for k, v in items)

    def with_schema(self, schema: str) -> PgLocation:
        return PgLocation(check_schema_name(schema), self.params, self.uri, self.connection, self.authcfg)

    def conninfo(self) -> str:
        """The libpq connection string, credentials included (resolved now; never stored)."""
        if self.connection or self.authcfg:
            try:
                from . import pgconnect
            except ImportError as e:
                raise StoreError(f"{self.text()}: a QGIS connection or auth configuration can only be used "
                                 f"inside QGIS ({e}); give service=… or host=…;dbname=… instead") from None
            return pgconnect.resolve_conninfo(self)
        secret = _SECRETS.get(self.text())
        if self.uri:
            if secret is None:
                return self.uri
            return psycopg2.extensions.make_dsn(self.uri, password=secret)
        return psycopg2.extensions.make_dsn(**dict(self.params), **({"password": secret} if secret else {}))


def make_location(schema: str, connection: str = "", **params) -> str:
    """A location string from a QGIS connection name or libpq keywords (a password is refused)."""
    if "password" in params:
        raise StoreError("WPZF does not write passwords into locations: use a QGIS auth configuration, "
                         "a pg_service file or ~/.pgpass")
    authcfg = params.pop("authcfg", "")
    return PgLocation(check_schema_name(schema), tuple(sorted((k, str(v)) for k, v in params.items() if v)), "",
                      connection, authcfg).text()
