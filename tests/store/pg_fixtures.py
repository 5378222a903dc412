"""A throw-away PostgreSQL/PostGIS cluster for the store tests (and the concurrency benchmark).

``initdb`` + ``pg_ctl`` in a temporary folder, listening only on a Unix socket in that folder, trust
authentication, one database with the postgis extension. Run as root, the cluster runs as the
``postgres`` system user (PostgreSQL refuses to run as root). Started once per process on first use,
stopped at the end of the test session (and at exit). Tests skip, with the reason, only when the
PostgreSQL binaries or PostGIS are not installed (``apt-get install postgresql-15-postgis-3``).

Import this module as ``wpzf.tests.store.pg_fixtures`` (one name, one cluster).
"""
from __future__ import annotations

import atexit
import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Optional

import pytest


def _pg_bin() -> Optional[Path]:
    env = os.environ.get("WPZF_PG_BIN")
    candidates = [env] if env else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def _postgis_installed(bin_dir: Path) -> bool:
    try:
        share = subprocess.run([str(bin_dir / "pg_config"), "--sharedir"], capture_output=True, text=True,
                               check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        share = str(bin_dir.parent).replace("/lib/", "/share/")
    return bool(glob.glob(os.path.join(share, "extension", "postgis.control")))


def skip_reason() -> Optional[str]:
    b = _pg_bin()
    if b is None:
        return "PostgreSQL server binaries not found (apt-get install postgresql-15-postgis-3)"
    if not _postgis_installed(b):
        return f"PostGIS is not installed for {b.parent.name} (apt-get install postgresql-15-postgis-3)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' system user to run the cluster"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    DBNAME = "wpzf_test"
    SUPERUSER = "postgres"

    def __init__(self, durable: bool = False):
        self.bin = _pg_bin()
        self.durable = durable
        self.dir = Path(tempfile.mkdtemp(prefix="wpzf-pg-"))
        self.data = self.dir / "data"
        self.port = _free_port()
        self.running = False
        self.as_postgres = os.geteuid() == 0

    # -- running commands as the cluster's owner --
    def _run(self, args: list[str], **kw):
        if self.as_postgres:
            args = ["runuser", "-u", "postgres", "--", *args]
        return subprocess.run(args, check=True, capture_output=True, text=True, **kw)

    def start(self) -> PgCluster:
        if self.as_postgres:
            pw = pwd.getpwnam("postgres")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        os.chmod(self.dir, 0o755)
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", self.SUPERUSER, "--auth=trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        opts = [f"-c port={self.port}", "-c listen_addresses=''", f"-c unix_socket_directories={self.dir}",
                "-c max_connections=60", "-c shared_buffers=64MB", "-c deadlock_timeout=200ms"]
        if not self.durable:
            opts += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w",
                   "-t", "60", "-o", " ".join(opts), "start"])
        self.running = True
        atexit.register(self.stop)
        self._watchdog()
        con = self.connect("postgres")
        con.autocommit = True
        con.cursor().execute(f"CREATE DATABASE {self.DBNAME}")
        con.close()
        con = self.connect()
        con.autocommit = True
        con.cursor().execute("CREATE EXTENSION postgis")
        con.close()
        return self

    def _watchdog(self) -> None:
        """Stop the cluster if this process dies without running its exit handlers (killed test run)."""
        stop = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
        if self.as_postgres:
            stop = ["runuser", "-u", "postgres", "--", *stop]
        script = (f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
                  f"{' '.join(shlex.quote(a) for a in stop)} >/dev/null 2>&1; rm -rf {shlex.quote(str(self.dir))}")
        subprocess.Popen(["sh", "-c", script], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)

    def stop(self) -> None:
        if self.running:
            self.running = False
            try:
                self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])
            except (OSError, subprocess.CalledProcessError):
                pass
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- connecting --
    def params(self, user: Optional[str] = None, dbname: Optional[str] = None) -> dict:
        return {"host": str(self.dir), "port": str(self.port), "dbname": dbname or self.DBNAME,
                "user": user or self.SUPERUSER}

    def dsn(self, user: Optional[str] = None, dbname: Optional[str] = None) -> str:
        return " ".join(f"{k}={v}" for k, v in self.params(user, dbname).items())

    def location(self, schema: str, user: Optional[str] = None) -> str:
        """A WPZF location string for ``schema`` in the test database."""
        p = self.params(user)
        return "pg:" + ";".join(f"{k}={v}" for k, v in p.items()) + f";schema={schema}"

    def connect(self, dbname: Optional[str] = None, user: Optional[str] = None):
        import psycopg2

        return psycopg2.connect(self.dsn(user, dbname))

    def admin(self, sql: str, params=None) -> list:
        """Run one statement as the superuser (autocommit); rows if it returns any."""
        con = self.connect()
        con.autocommit = True
        try:
            cur = con.cursor()
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []
        finally:
            con.close()


_CLUSTER: Optional[PgCluster] = None


def cluster() -> PgCluster:
    """The process's cluster, started on first use (skips the test when PostgreSQL is missing)."""
    global _CLUSTER
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    if _CLUSTER is None:
        _CLUSTER = PgCluster().start()
    return _CLUSTER


def new_schema_name(prefix: str = "t") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def pg_cluster(request):
    c = cluster()
    request.addfinalizer(c.stop)
    return c


@pytest.fixture
def pg_schema(pg_cluster):
    """A fresh schema name; dropped (with everything in it) after the test."""
    name = new_schema_name()
    yield name
    pg_cluster.admin(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')


@pytest.fixture
def pg_location(pg_cluster, pg_schema):
    return pg_cluster.location(pg_schema)


# ---- workers for the multi-process tests (spawned children import this module by its package name) ----

def worker_save_facts(location: str, name: str, fids: list, rounds: int, out) -> None:
    """Save a fact of each of ``fids`` ``rounds`` times, each save based on the version just read."""
    from wpzf.store import Actor, StaleVersion, open_workspace
    from wpzf.store.determinations import save_facts, unit_facts

    ws = open_workspace(location, actor=Actor(name, "pc-" + name))
    saved, stale = 0, 0
    try:
        for r in range(rounds):
            for fid in fids:
                _rec, _data, _reasons, version = unit_facts(ws, fid)
                try:
                    save_facts(ws, fid, {"RGSM": f"{name}-{r}"}, expected_version=version or 0, source=name)
                    saved += 1
                except StaleVersion:
                    stale += 1
    finally:
        ws.close()
    out.put((name, saved, stale))


def worker_contend(location: str, name: str, fid: int, barrier, out) -> None:
    """Read the patch, wait until every contender has read it too, then save on that version."""
    from wpzf.store import Actor, StaleVersion, open_workspace

    ws = open_workspace(location, actor=Actor(name, "pc-" + name))
    try:
        version = int(ws.get("wz_patch", fid)["BBH"])
        barrier.wait(60)
        try:
            with ws.transaction():
                ws.update("wz_patch", fid, {"BZ": name}, expected_version=version)
            out.put((name, "won", None))
        except StaleVersion as e:
            out.put((name, "stale", e.theirs.get("XGR")))
    finally:
        ws.close()


def worker_increment(location: str, name: str, fid: int, n: int, out, barrier=None) -> None:
    """Add 1 to a counter ``n`` times, re-reading and retrying whenever somebody saved first (after
    ``barrier``, if given: bench/bench_concurrency.py starts every editor's clock at once)."""
    from wpzf.store import Actor, StaleVersion, open_workspace

    ws = open_workspace(location, actor=Actor(name, "pc-" + name))
    done = retries = 0
    try:
        if barrier is not None:
            barrier.wait(120)
        while done < n:
            row = ws.get("wz_patch", fid)
            try:
                with ws.transaction():
                    ws.update("wz_patch", fid, {"CFXF": int(row["CFXF"] or 0) + 1}, expected_version=int(row["BBH"]))
                done += 1
            except StaleVersion:
                retries += 1
    finally:
        ws.close()
    out.put((name, done, retries))


def worker_hang_in_transaction(location: str, fid: int, hold_head: bool, ready) -> None:
    """Start a save, change a patch and add a fact, optionally append the audit (holding the chain head),
    then hang before COMMIT until killed."""
    import time

    from wpzf.store import Actor, open_workspace

    ws = open_workspace(location, actor=Actor("victim", "pc-victim"))
    ws._begin()
    ws._tx_depth = 1
    ws.update("wz_patch", fid, {"BZ": "partial"})
    ws.insert("wz_fact", [{"TBID": fid, "RGSM": "partial"}])
    if hold_head:
        ws._flush_audit()
    ready.set()
    time.sleep(600)
