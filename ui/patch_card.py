"""The patch card: who, where, when it is due, how big, and what it is (read-only HTML)."""
from __future__ import annotations

import datetime as dt
import html
from typing import Optional

from qgis.PyQt.QtWidgets import QTextBrowser

from ..core.deadlines import days_left
from ..core.labels import EN, ZH, clauses_text, explanation_text, mu_text, protection_label, term, terms_text
from ..core.rosters import RosterError, load_default_roster
from ..i18n import tr
from ..store.queue import is_reviewed
from ..store.rosters import patch_zone, workspace_roster
from .measure_dialog import chinese_ui


def _fmt_mu(v) -> str:
    return "—" if v is None or v != v else f"{float(v):.2f}"


def ui_lang() -> str:
    """The language data values are shown in: the UI's (codes and Chinese terms go through core/labels.py)."""
    return ZH if chinese_ui() else EN


def leader_of(township: Optional[str], village: Optional[str], ws=None) -> str:
    """The county leader who guarantees the village (附件2), when the roster knows it.

    The roster is the workspace's (``ws``) when one is given, else the shipped default.
    """
    if not village:
        return ""
    try:
        roster = workspace_roster(ws) if ws is not None else load_default_roster()
        return roster.village(village, township or None).guarantor
    except (RosterError, ValueError):  # ValueError: a roster table edited into an unreadable state
        return ""


def deadline_text(card: dict, today: Optional[dt.date] = None) -> str:
    left = days_left(card.get("HCJZ"), today)
    if left is None:
        return "—"
    if is_reviewed(card.get("ZT")):
        return tr("{date} (reviewed)").format(date=card["HCJZ"])
    if left < 0:
        return tr("{date} (overdue by {n} days)").format(date=card["HCJZ"], n=-left)
    return tr("{date} ({n} days left)").format(date=card["HCJZ"], n=left)


def card_html(card: dict, today: Optional[dt.date] = None, ws=None, lang: Optional[str] = None) -> str:
    """The card as HTML; ``lang`` ("zh" / "en", default the UI's) is the language of its values."""
    e = html.escape
    lang = lang or ui_lang()

    def row(label, value):
        return f"<tr><td style='color:#555;padding-right:8px'>{e(label)}</td><td>{value}</td></tr>"

    rows = [
        row(tr("Patch id"), f"<b>{e(str(card['JCBH']))}</b>"),
        row(tr("Batch"), e(f"{card['PCBH']}（{card['JB']}，{tr('issued')} {card['XFRQ']}）" if lang == ZH else
                           f"{card['PCBH']} — {term(card['JB'], lang)}, {tr('issued')} {card['XFRQ']}")),
        row(tr("Deadline"), e(deadline_text(card, today))),
        row(tr("Township / village"), e(" / ".join(x for x in (card.get("XZMC"), card.get("CMC")) if x) or "—")),
    ]
    leader = leader_of(card.get("XZMC"), card.get("CMC"), ws)
    if leader:
        rows.append(row(tr("Responsible leader (包保)"), e(leader)))
    if card.get("watcher"):
        rows.append(row(tr("Person following up (专人盯办)"), e(card["watcher"])))
    zone = patch_zone(ws, card["fid"]) if ws is not None and card.get("fid") is not None else None
    if zone is not None:
        rows.append(row(tr("County-seat zone"), e(tr("{zone}: commander {commander}; units {units}").format(
            zone=zone.name, commander=zone.commander, units="、".join(zone.units)))))
    rows.append(row(tr("Area"), e(tr("{mu} mu (ellipsoidal); issued {issued} mu").format(
        mu=_fmt_mu(card.get("TBMJMU")), issued=_fmt_mu(card.get("JCMJ"))))))
    rows.append(row(tr("Land classes (mu)"), e(("　" if lang == ZH else "; ").join(
        f"{protection_label(f, lang)} {_fmt_mu(card.get(f))}" for f in ("GDMJ", "YJJBNTMJ", "NYDMJ", "JSYDMJ", "WLYDMJ")))))
    classes = [c for c in card.get("landuse", []) if c["LX"] == "地类" and (c["FGID"] is None or c["FGID"] != c["FGID"])]
    if classes:
        rows.append(row(tr("Land survey (mu)"), e("　".join(f"{c['MC'] or c['DM']}（{c['DM']}）{_fmt_mu(c['MJMU'])}"
                                                            for c in classes))))
    if card.get("TBLX"):
        rows.append(row(tr("Patch type"), e(str(card["TBLX"]))))
    rows.append(row(tr("Status"), e(term(card.get("ZT"), lang))))
    if ws is not None and card.get("fid") is not None:   # sign-off (审核验收) and reviews from above
        from .signoff import card_text

        signoff = card_text(ws, int(card["fid"]), lang)
        if signoff:
            rows.append(row(tr("Sign-off"), signoff))
    if card.get("XFSM"):
        rows.append(row(tr("Geometry"), e(str(card["XFSM"]))))
    if card.get("CFXF"):
        rows.append(row(tr("Re-issued"), e(tr("issued before as patch #{fid}").format(fid=card["CFXF"]))))
    if card.get("photos"):
        drone = int(card.get("drone_photos") or 0)
        rows.append(row(tr("Photos"), str(int(card["photos"])) + (f"（{e(tr('drone'))} {drone}）" if drone else "")))
    out = "<table>" + "".join(rows) + "</table>"
    parts = {str(p["FGBH"]): p for p in card.get("parts", [])}
    part_no = {int(p["fid"]): str(p["FGBH"]) for p in card.get("parts", []) if p.get("fid") is not None}
    for d in card.get("determinations", []):
        fgid = d.get("FGID")
        head = e(term(d.get("PDJG"), lang))
        if fgid is not None and fgid == fgid:
            head = e(f"{tr('Part')} {part_no.get(int(fgid), '')}".rstrip()) + ("：" if lang == ZH else ": ") + head
        # one line each: result, clauses as the plan cites them, flags, the explanation (core/labels.py)
        lines = [f"<b>{head}</b>"]
        if d.get("PDTK"):
            lines.append(e(tr("clause {clause}").format(clause=clauses_text(d["PDTK"], lang))))
        if d.get("PDBZ"):
            lines.append(e(terms_text(d["PDBZ"], lang)))
        if d.get("PDYJSM"):
            lines.append(e(explanation_text(d.get("PDYJSM"))))
        out += "<p>" + "<br>".join(lines) + "</p>"
    if parts:
        out += "<p>" + e(tr("Parts: {parts}").format(parts="；".join(
            f"{k}：{mu_text(p['TBMJMU'], lang)} {term(p.get('PDJG'), lang)}" for k, p in parts.items()))) + "</p>"
    return out


class PatchCard(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.setPlaceholderText(tr("Select a patch"))

    def show_card(self, card: Optional[dict], today: Optional[dt.date] = None, ws=None):
        self.setHtml(card_html(card, today, ws) if card else "")
