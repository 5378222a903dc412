"""Who may do what in a team workspace, enforced by PostgreSQL itself (grants and triggers), and the audit
chain appended by the database.

The threat is a member of the team with a SQL client (psql, the QGIS DB Manager, a script): whatever
WPZF does in Python they can skip. So everything that matters is decided in the database:

- Audit records are written by ``wz_audit_append``, a SECURITY DEFINER function owned by the workspace
  owner. It takes the rows' table, key, action and changes from the client, and itself takes the time
  (the server's clock), the chain position (under the head's row lock), the hash, and the actor: the
  login of the session (``session_user``). Only the owner's own sessions may name someone else (the
  owner owns the tables and their triggers, so nothing could stop it anyway; scripted maintenance and
  the single-user case use it). A member may only log changes of tables it may change.
- Nobody but the owner inserts into ``wz_audit`` (no grant, and a trigger checks it); nobody at all
  changes or deletes a record; each record must link to the one before it. The head in ``wz_meta``
  names the last record and moves only with the chain.
- ``wz_meta`` belongs to the owner: members may write only ``setting:…`` keys (the imagery and the
  last inputs of algorithms, preferences shared by the team).
- Samples (``wz_sample``: the rows drawn, the verdicts, the video note) belong to reviewers: operators
  have no INSERT, UPDATE or DELETE on it, and a trigger refuses anyone who is not a reviewer.
- The "saved by" stamp (XGR) of a member's row is its login (a trigger), like the audit's name.

Trigger bodies never contain the schema name: they find their table through ``TG_TABLE_SCHEMA`` with
``format('%I')``, run with a fixed ``search_path`` (so no one can shadow ``pg_has_role`` with their own
function) and are quoted with a dollar tag of our own. Schema names only ever appear as quoted
identifiers in DDL.
"""
from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field

from ..core.audit import GENESIS
from .errors import StoreError

ROLES = ("wpzf_operator", "wpzf_reviewer", "wpzf_supervisor")
OPERATOR, REVIEWER, SUPERVISOR = ROLES
VERDICT_FIELDS = ("FHJL", "FHSM", "FHR", "FHSJ")
# What operators change. Samples are the reviewers' (rows, verdicts and the video note).
OPERATOR_TABLES = ("wz_batch", "wz_patch", "wz_part", "wz_fact", "wz_determ", "wz_photo", "wz_dlmj", "wz_case",
                   "wz_measure", "wz_referral", "wz_violator", "wz_delay",
                   "wz_refcov", "wz_refsug")   # pre-filling from reference layers and accepting is desk work
REVIEWER_TABLE = "wz_sample"
REVIEWER_COLUMNS = {REVIEWER_TABLE: VERDICT_FIELDS + ("SPHC", "BBH", "XGSJ", "XGR")}
SETTING_PREFIX = "setting:"       # the wz_meta keys members may write (store/settings.py)
OWNER_TABLES = ("wz_audit", "wz_meta")
# Bump when a guard below changes: the owner's next open re-installs them (PostgisWorkspace.migrate).
GUARDS_VERSION = "wpzf-guards 4"
APPEND_ARGS = "text[], text[], text[], text[], text[], text, text"
_TAG = "$wpzf_guard$"             # bodies are constant text without it, so it cannot end one early


def who_changes(table: str) -> str:
    """Who may change ``table`` in a team workspace, for a refusal's message."""
    if table in OWNER_TABLES:
        return "only the workspace owner (the audit is appended by the database)"
    if table == REVIEWER_TABLE:
        return f"reviewers ({REVIEWER}, {SUPERVISOR})"
    if table in OPERATOR_TABLES:
        return f"operators ({OPERATOR}, {SUPERVISOR})"
    return f"supervisors ({SUPERVISOR})" if table.startswith("wz_") else ""


def quote_ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


def _function(schema: str, name: str, body: str, args: str = "", returns: str = "trigger", extra: str = "") -> str:
    assert _TAG not in body
    return (f"CREATE OR REPLACE FUNCTION {quote_ident(schema)}.{name}({args}) RETURNS {returns} LANGUAGE plpgsql "
            f"{extra} SET search_path = pg_catalog, pg_temp AS {_TAG}{body}{_TAG}")


def _trigger(schema: str, table: str, name: str, when: str, function: str, each: str = "ROW") -> list[str]:
    s = quote_ident(schema)
    return [f"DROP TRIGGER IF EXISTS {name} ON {s}.{table}",
            f"CREATE TRIGGER {name} {when} ON {s}.{table} FOR EACH {each} EXECUTE FUNCTION {s}.{function}()"]


# The session may act as the owner of the table the trigger fires on (superusers are members of every role).
_IS_OWNER = "pg_has_role(current_user, (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID), 'MEMBER')"


def audit_guard_sql(schema: str) -> list[str]:
    """wz_audit: append-only for everybody, inserted only as the owner, each record linked to the one before."""
    refuse = """
        BEGIN
          RAISE EXCEPTION 'wz_audit is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
        END"""
    link = f"""
        DECLARE prev text;
        BEGIN
          IF NOT {_IS_OWNER} THEN
            RAISE EXCEPTION 'only the database appends audit records (wz_audit_append); % may not insert them',
              current_user USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF NEW."SEQ" = 1 THEN
            prev := '{GENESIS}';
          ELSE
            EXECUTE format('SELECT "HASH" FROM %I.%I WHERE "SEQ" = $1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
              INTO prev USING NEW."SEQ" - 1;
          END IF;
          IF prev IS NULL OR NEW."PREVHASH" IS DISTINCT FROM prev THEN
            RAISE EXCEPTION 'audit record % does not link to record %', NEW."SEQ", NEW."SEQ" - 1
              USING ERRCODE = 'integrity_constraint_violation';
          END IF;
          RETURN NEW;
        END"""
    return [_function(schema, "wz_audit_append_only", refuse),
            *_trigger(schema, "wz_audit", "wz_audit_no_change", "BEFORE UPDATE OR DELETE", "wz_audit_append_only"),
            *_trigger(schema, "wz_audit", "wz_audit_no_truncate", "BEFORE TRUNCATE", "wz_audit_append_only",
                      "STATEMENT"),
            _function(schema, "wz_audit_link", link),
            *_trigger(schema, "wz_audit", "wz_audit_link", "BEFORE INSERT", "wz_audit_link"),
            *append_function_sql(schema)]


def append_function_sql(schema: str) -> list[str]:
    """``wz_audit_append(tables, keys, actions, changes, sources, host, name)``: the one way members add to
    the chain. The hashed text is exactly ``core.audit.chain_hash`` over ``core.audit.write_prefix``
    (JSON of [time, user, host, source]; to_json escapes as Python's json.dumps(ensure_ascii=False))."""
    s = quote_ident(schema)
    body = f"""
        DECLARE
          audit_rel oid := 'wz_audit'::regclass;
          owner_ok boolean;
          who text;
          n int := coalesce(array_length(p_tbl, 1), 0);
          seq bigint;
          prev text;
          ts timestamptz := date_trunc('milliseconds', clock_timestamp());
          ts_text text;
          rel oid;
          allowed boolean;
          prefix text;
          h text;
        BEGIN
          SELECT pg_has_role(session_user, c.relowner, 'MEMBER') INTO owner_ok FROM pg_class c WHERE c.oid = audit_rel;
          who := CASE WHEN owner_ok AND coalesce(p_user, '') <> '' THEN p_user ELSE session_user::text END;
          IF coalesce(array_length(p_key, 1), 0) <> n OR coalesce(array_length(p_action, 1), 0) <> n
             OR coalesce(array_length(p_changes, 1), 0) <> n OR coalesce(array_length(p_source, 1), 0) <> n THEN
            RAISE EXCEPTION 'wz_audit_append: the arrays differ in length' USING ERRCODE = 'invalid_parameter_value';
          END IF;
          FOR i IN 1 .. n LOOP
            IF p_tbl[i] IS NULL OR p_key[i] IS NULL OR p_action[i] IS NULL OR p_changes[i] IS NULL THEN
              RAISE EXCEPTION 'wz_audit_append: record % is incomplete', i USING ERRCODE = 'invalid_parameter_value';
            END IF;
            -- changes are a JSON object, or verify_chain would call the record damaged for good (Python's
            -- json also reads NaN and Infinity, which PostgreSQL's does not: checked as null)
            IF json_typeof(regexp_replace(p_changes[i], '-?Infinity|NaN', 'null', 'g')::json) <> 'object' THEN
              RAISE EXCEPTION 'wz_audit_append: the changes of record % are not a JSON object', i
                USING ERRCODE = 'invalid_parameter_value';
            END IF;
            IF NOT owner_ok THEN
              SELECT c.oid INTO rel FROM pg_class c JOIN pg_class a ON a.relnamespace = c.relnamespace
               WHERE a.oid = audit_rel AND c.relname = p_tbl[i] AND c.relkind = 'r';
              -- a member writes wz_meta's setting:… keys (the meta guard), so it may log what it did to them
              allowed := rel IS NOT NULL AND CASE
                WHEN p_tbl[i] = 'wz_meta' THEN left(p_key[i], 8) = 'setting:'
                                               AND has_any_column_privilege(session_user, rel, 'UPDATE')
                WHEN p_tbl[i] = 'wz_audit' THEN false
                WHEN p_action[i] IN ('create', 'create_many') THEN has_table_privilege(session_user, rel, 'INSERT')
                WHEN p_action[i] = 'delete' THEN has_table_privilege(session_user, rel, 'DELETE')
                ELSE has_any_column_privilege(session_user, rel, 'UPDATE') END;
              IF NOT allowed THEN
                RAISE EXCEPTION '% may not change %, so it may not log a change of it', session_user, p_tbl[i]
                  USING ERRCODE = 'insufficient_privilege';
              END IF;
            END IF;
          END LOOP;
          SELECT max(m."VALUE") FILTER (WHERE m."KEY" = 'audit_count'),
                 max(m."VALUE") FILTER (WHERE m."KEY" = 'audit_head')
            INTO seq, prev
            FROM (SELECT "KEY", "VALUE" FROM wz_meta WHERE "KEY" IN ('audit_count', 'audit_head')
                  ORDER BY "KEY" FOR UPDATE) m;
          seq := coalesce(seq, 0);
          prev := coalesce(prev, '{GENESIS}');
          ts_text := to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
          FOR i IN 1 .. n LOOP
            seq := seq + 1;
            prefix := '[' || to_json(ts_text)::text || ',' || to_json(who)::text || ','
                      || coalesce(to_json(p_host)::text, 'null') || ',' || coalesce(to_json(p_source[i])::text, 'null')
                      || ']';
            h := encode(sha256(convert_to(prefix || E'\\n' || seq::text || '|' || p_tbl[i] || '|' || p_action[i]
                      || '|' || length(p_key[i])::text || ':' || p_key[i] || '|' || prev || E'\\n' || p_changes[i],
                      'UTF8')), 'hex');
            INSERT INTO wz_audit (fid, "SEQ", "TS", "USERNAME", "HOST", "TBL", "ROWKEY", "ACTION", "CHANGES",
                                  "SOURCE", "PREVHASH", "HASH")
                 VALUES (seq, seq, ts, who, p_host, p_tbl[i], p_key[i], p_action[i], p_changes[i], p_source[i],
                         prev, h);
            prev := h;
          END LOOP;
          IF n > 0 THEN
            UPDATE wz_meta SET "VALUE" = seq::text WHERE "KEY" = 'audit_count';
            IF NOT FOUND THEN
              INSERT INTO wz_meta ("KEY", "VALUE") VALUES ('audit_count', seq::text);
            END IF;
            UPDATE wz_meta SET "VALUE" = prev WHERE "KEY" = 'audit_head';
            IF NOT FOUND THEN
              INSERT INTO wz_meta ("KEY", "VALUE") VALUES ('audit_head', prev);
            END IF;
          END IF;
          RETURN seq;
        END"""
    args = ("p_tbl text[], p_key text[], p_action text[], p_changes text[], p_source text[], p_host text, "
            "p_user text")
    assert _TAG not in body
    return [f"CREATE OR REPLACE FUNCTION {s}.wz_audit_append({args}) RETURNS bigint LANGUAGE plpgsql "
            f"SECURITY DEFINER SET search_path = pg_catalog, {s}, pg_temp AS {_TAG}{body}{_TAG}",
            f"REVOKE ALL ON FUNCTION {s}.wz_audit_append({APPEND_ARGS}) FROM PUBLIC",
            f"COMMENT ON FUNCTION {s}.wz_audit_append({APPEND_ARGS}) IS '{GUARDS_VERSION}'"]


def meta_guard_sql(schema: str) -> list[str]:
    """wz_meta: the owner's, except ``setting:…`` keys; the audit head names the chain's last record."""
    body = f"""
        DECLARE
          k_old text;
          k_new text;
          last_seq bigint;
          last_hash text;
        BEGIN
          IF TG_OP <> 'INSERT' THEN k_old := OLD."KEY"; END IF;
          IF TG_OP <> 'DELETE' THEN k_new := NEW."KEY"; END IF;
          IF NOT {_IS_OWNER} THEN
            IF k_old IN ('audit_count', 'audit_head') OR k_new IN ('audit_count', 'audit_head') THEN
              RAISE EXCEPTION 'only the database moves the audit head (% may not)', current_user
                USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF left(coalesce(k_old, k_new), {len(SETTING_PREFIX)}) <> '{SETTING_PREFIX}'
               OR left(coalesce(k_new, k_old), {len(SETTING_PREFIX)}) <> '{SETTING_PREFIX}' THEN
              RAISE EXCEPTION 'wz_meta "%" belongs to the workspace owner; % may change only settings',
                coalesce(k_new, k_old), current_user USING ERRCODE = 'insufficient_privilege';
            END IF;
          END IF;
          IF TG_OP = 'DELETE' THEN
            IF k_old IN ('audit_count', 'audit_head') THEN
              RAISE EXCEPTION 'the audit head cannot be deleted' USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN OLD;
          END IF;
          IF TG_OP = 'UPDATE' AND (k_new IN ('audit_count', 'audit_head') OR k_old IN ('audit_count', 'audit_head')) THEN
            EXECUTE format('SELECT "SEQ", "HASH" FROM %I.wz_audit ORDER BY "SEQ" DESC LIMIT 1', TG_TABLE_SCHEMA)
              INTO last_seq, last_hash;
            IF k_new IS DISTINCT FROM k_old
               OR (k_new = 'audit_count' AND NEW."VALUE" IS DISTINCT FROM coalesce(last_seq, 0)::text)
               OR (k_new = 'audit_head' AND NEW."VALUE" IS DISTINCT FROM coalesce(last_hash, '{GENESIS}')) THEN
              RAISE EXCEPTION 'the audit head must name the last audit record' USING ERRCODE = 'insufficient_privilege';
            END IF;
          END IF;
          RETURN NEW;
        END"""
    return [_function(schema, "wz_meta_head_guard", body),
            *_trigger(schema, "wz_meta", "wz_meta_head", "BEFORE INSERT OR UPDATE OR DELETE", "wz_meta_head_guard")]


def sample_guard_sql(schema: str) -> list[str]:
    """wz_sample: only reviewers (supervisors are reviewers) and the owner write it — rows, verdicts, notes."""
    body = f"""
        BEGIN
          IF NOT ({_IS_OWNER} OR pg_has_role(current_user, '{REVIEWER}', 'USAGE')) THEN
            RAISE EXCEPTION 'samples and their verdicts belong to reviewers ({REVIEWER}); % is not one (% refused)',
              current_user, TG_OP USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF TG_OP = 'DELETE' THEN
            RETURN OLD;
          END IF;
          RETURN NEW;
        END"""
    return [_function(schema, "wz_sample_verdict_guard", body),
            *_trigger(schema, REVIEWER_TABLE, "wz_sample_verdict", "BEFORE INSERT OR UPDATE OR DELETE",
                      "wz_sample_verdict_guard")]


def stamp_guard_sql(schema: str, tables) -> list[str]:
    """XGR ("saved by", shown when a save clashes) of members' rows is their login, not a name they type."""
    body = f"""
        BEGIN
          IF NOT {_IS_OWNER} THEN
            NEW."XGR" := session_user::text;
          END IF;
          RETURN NEW;
        END"""
    out = [_function(schema, "wz_stamp_guard", body)]
    for t in tables:
        out += _trigger(schema, t, "wz_stamp", "BEFORE INSERT OR UPDATE", "wz_stamp_guard")
    return out


# ---- set-up, roles, members -----------------------------------------------------------------------------

def guards_current(ws) -> bool:
    """The workspace's guards are those of this WPZF version (the marker is the append function's comment)."""
    rows = ws._fetch("SELECT obj_description(p.oid, 'pg_proc') FROM pg_proc p JOIN pg_namespace n "
                     "ON n.oid = p.pronamespace WHERE n.nspname = %s AND p.proname = 'wz_audit_append'",
                     (ws.schema,))
    return bool(rows) and rows[0][0] == GUARDS_VERSION


def install_guards(ws) -> None:
    """(Re)create every trigger and function of the workspace (its owner, inside a transaction)."""
    ws._require_tx()
    for sql in audit_guard_sql(ws.schema) + meta_guard_sql(ws.schema):
        ws._ddl(sql)
    if roles_exist(ws) and ws._table_exists(REVIEWER_TABLE):
        for sql in sample_guard_sql(ws.schema):
            ws._ddl(sql)


def roles_exist(ws) -> bool:
    return len(ws._fetch("SELECT 1 FROM pg_roles WHERE rolname = ANY(%s)", (list(ROLES),))) == len(ROLES)


def setup_roles(ws) -> None:
    """Create the three NOLOGIN group roles when missing (needs CREATEROLE) and grant them on ``ws``."""
    with ws.transaction():
        have = {r[0] for r in ws._fetch("SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(ROLES),))}
        for role in ROLES:
            if role not in have:
                ws._exec(f"CREATE ROLE {role} NOLOGIN")
        ws._exec(f"GRANT {OPERATOR}, {REVIEWER} TO {SUPERVISOR}")
    grant(ws)


def grant(ws) -> None:
    """The privileges of the three roles on the workspace ``ws`` (run by its owner; again after migrations).

    All: read everything; append to the audit only through ``wz_audit_append``; write ``setting:…`` keys
    of wz_meta. Operators: patches, facts, determinations, photos, overlay results, cases. Reviewers: the
    samples (draw them, record verdicts and video notes). Supervisors: both, plus rosters and every other
    table but wz_audit and wz_meta, which are the owner's."""
    s = quote_ident(ws.schema)
    with ws.transaction():
        names = [t for t in ws.tables if ws._table_exists(t)]
        everyone = ", ".join(ROLES)
        ws._exec(f"GRANT USAGE ON SCHEMA {s} TO {everyone}")
        ws._exec(f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC")
        for t in names:
            ws._exec(f"REVOKE ALL ON {s}.{t} FROM {everyone}")
            ws._exec(f"GRANT SELECT ON {s}.{t} TO {everyone}")
        ws._exec(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {everyone}")
        ws._exec(f'GRANT INSERT, UPDATE ("VALUE") ON {s}.wz_meta TO {everyone}')   # settings only (trigger)
        for t in OPERATOR_TABLES:
            if t in names:
                ws._exec(f"GRANT INSERT, UPDATE, DELETE ON {s}.{t} TO {OPERATOR}")
        for t, cols in REVIEWER_COLUMNS.items():
            if t in names:
                ws._exec(f"GRANT INSERT, DELETE ON {s}.{t} TO {REVIEWER}")
                ws._exec(f"GRANT UPDATE ({', '.join(quote_ident(c) for c in cols)}) ON {s}.{t} TO {REVIEWER}")
        for t in names:
            if t not in OWNER_TABLES:
                ws._exec(f"GRANT INSERT, UPDATE, DELETE ON {s}.{t} TO {SUPERVISOR}")
        ws._exec(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {s}.wz_audit FROM PUBLIC, {everyone}")
        if not guards_current(ws):
            install_guards(ws)
        ws._exec(f"REVOKE ALL ON FUNCTION {s}.wz_audit_append({APPEND_ARGS}) FROM PUBLIC")
        ws._exec(f"GRANT EXECUTE ON FUNCTION {s}.wz_audit_append({APPEND_ARGS}) TO {everyone}")
        if REVIEWER_TABLE in names:
            for sql in sample_guard_sql(ws.schema):
                ws._ddl(sql)
        from .signoff import grant_signoff  # sign-off (审核验收): its grants and four-eyes trigger
        grant_signoff(ws, names)
        for sql in stamp_guard_sql(ws.schema, [t for t in names if "XGR" in ws.tables[t].codes]):
            ws._ddl(sql)
        # Field packages name the workspace by this id; made here, by the owner, since members may not.
        if not ws.meta_get("workspace_id"):
            ws.meta_set("workspace_id", str(uuid.uuid4()))
        if not ws.meta_get("field_package_key"):   # and are signed with this key (store/conflicts.package_key)
            ws.meta_set("field_package_key", secrets.token_hex(32))


def add_member(ws, login: str, role: str) -> None:
    """Make the login role ``login`` an operator, reviewer or supervisor (needs CREATEROLE or admin option)."""
    if role not in ROLES:
        raise StoreError(f"{role}: not one of {', '.join(ROLES)}")
    with ws.transaction():
        ws._exec(f"GRANT {role} TO {quote_ident(login)}")


@dataclass
class Member:
    login: str
    roles: list[str] = field(default_factory=list)


def members(ws) -> list[Member]:
    """The login roles that belong to a WPZF role, with their WPZF roles."""
    rows = ws._fetch("SELECT m.rolname, g.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
                     "JOIN pg_roles m ON m.oid = a.member WHERE g.rolname = ANY(%s) AND m.rolcanlogin "
                     "ORDER BY m.rolname, g.rolname", (list(ROLES),))
    out: dict[str, Member] = {}
    for login, role in rows:
        out.setdefault(login, Member(login)).roles.append(role)
    return list(out.values())
