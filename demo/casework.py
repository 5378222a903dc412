"""The demo county's case work after determination (issue 7): deadlines refreshed, cases filed for the
illegal patches and carried to different stages — some rectified with photo or document evidence, some
under way, some only filed —, referrals registered with the departments' feedback, a force-majeure delay,
a sampled internal review with one 不真实 verdict, and the violators with a repeat offender.

Everything goes through the store API a user's clicks go through (audited, validated). Evidence photos
are rendered here like the field photos (a view, a watermark with number, time, position, direction),
geotagged with QgsExifTools, and attached to their patch.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from ..core import cases as core
from ..core.blacklist import Violator
from ..core.referrals import DEPARTMENTS, from_suggestion
from ..rules.facts import HOMESTEAD_ILLEGAL, NEW_ILLEGAL
from .exif import write_exif

SAMPLE_NAME = "2021年6月内部抽样复核"
SAMPLE_SEED = 20210630
# Fictional parties (no real person): villagers named from common surnames and given names, now and then an
# organization; one villager is behind two patches and one company behind three — repeat offenders.
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "有福", "二虎", "春生", "满仓", "福堂", "永胜", "桂兰", "玉明", "志刚", "秀英", "海平"]
COMPANIES = ["代县鑫源砂石有限公司", "代县恒达养殖专业合作社", "代县兴旺建材厂"]
# other businesses behind one patch each (a name per business: "兴旺建材厂（第67号）" split one party in many)
OTHERS = ["代县聚源石料厂", "代县盛通物流有限公司", "代县鑫达农业开发有限公司", "代县宏泰建筑工程有限公司",
          "代县永兴砖厂", "代县华鑫商贸有限公司", "代县富民种植专业合作社", "代县金泰机械加工厂",
          "代县顺达汽车修理厂", "代县瑞丰饲料有限公司", "代县天成钢构有限公司", "代县康源养殖场",
          "代县利民加油站", "代县晟泰物资有限公司", "代县博远建材有限公司", "代县雁门关旅游开发有限公司"]


def party(i: int) -> tuple[str, str]:
    """The (name, kind) behind the i-th illegal patch of the demo."""
    if i in (0, 5):
        return "王建国", "个人"
    if i in (3, 17, 40):
        return COMPANIES[0], "单位"
    if i == 4:
        return COMPANIES[1], "单位"
    if i == 13:
        return COMPANIES[2], "单位"
    if i % 9 == 4:
        return OTHERS[(i // 9) % len(OTHERS)], "单位"
    return SURNAMES[i % 20] + GIVEN[(i // 20) % 12], "个人"


def _render_photo(path: Path, caption: list[str], restored: bool) -> None:
    from qgis.PyQt.QtCore import QRectF, Qt
    from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

    img = QImage(800, 600, QImage.Format.Format_RGB32)
    img.fill(QColor(150, 190, 235))
    p = QPainter(img)
    p.fillRect(QRectF(0, 260, 800, 340), QColor(92, 140, 60) if restored else QColor(150, 120, 90))
    if restored:   # furrows of land put back to the plough
        p.setPen(QColor(70, 110, 45))
        for k in range(12):
            p.drawLine(0, 300 + 25 * k, 800, 280 + 27 * k)
    else:          # rubble where a building stood
        for k in range(30):
            p.fillRect(QRectF(100 + (k * 53) % 600, 330 + (k * 37) % 200, 18, 12), QColor(120, 120, 120))
    p.setPen(QColor(255, 255, 255))
    f = QFont("Noto Sans CJK SC")
    f.setPixelSize(22)
    p.setFont(f)
    p.fillRect(QRectF(0, 480, 800, 120), QColor(0, 0, 0, 120))
    for i, line in enumerate(caption):
        p.drawText(QRectF(16, 488 + 34 * i, 770, 32), int(Qt.AlignmentFlag.AlignLeft), line)
    p.end()
    if not img.save(str(path), "JPG", 85):
        raise OSError(f"could not write {path}")


def evidence_photo(folder: Path, key: str, lon: float, lat: float, taken: dt.datetime, what: str,
                   restored: bool) -> Path:
    from qgis.core import QgsExifTools, QgsPointXY

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}_{what}_{taken:%Y%m%d}.jpg"
    _render_photo(path, [f"JCBH {key}  {what}", taken.strftime("%Y-%m-%d %H:%M:%S"),
                         f"E{lon:.6f} N{lat:.6f}  DIR 45\u00b0"], restored)
    write_exif(str(path), taken, make="WPZF Demo", model="Field Camera C", direction=45.0, width=800, height=600)
    if not QgsExifTools.geoTagImage(str(path), QgsPointXY(lon, lat), QgsExifTools.GeoTagDetails()):
        raise OSError(f"QgsExifTools could not geotag {path}")
    return path


def _attach(ws, tbid: int, path: Path) -> str:
    from ..exchange.photos import attach_photos

    attach_photos(ws, tbid, [str(path)], source="demo:整改照片")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_casework(ws, out: Path) -> dict:
    """Cases, referrals, a delay, a sampled review and violators for the demo workspace (already determined)."""
    from ..store import cases, registers

    p = ws.select("wz_patch", ["JCBH", "PDJG", "XFSJ", "LZB", "BZB", "ZT", "GDMJ", "HCJZ"])
    p = p.sort_values("JCBH")
    illegal = p[p["PDJG"].isin([NEW_ILLEGAL, HOMESTEAD_ILLEGAL])]
    photos = out / "photos" / "rectification"
    stages = {"eliminated": 0, "rectifying": 0, "filed": 0, "approved": 0}
    for i, row in enumerate(illegal.to_dict("records")):
        tbid, key = int(row["fid"]), row["JCBH"]
        issued = dt.date.fromisoformat(str(row["XFSJ"])[:10])
        filed = issued + dt.timedelta(days=20 + i % 7)
        stage = ("eliminated", "rectifying", "approved", "filed")[i % 4]
        if stage == "approved" and row["PDJG"] == HOMESTEAD_ILLEGAL:
            stage = "eliminated"
        penalty = core.Penalty()
        if stage in ("filed", "approved"):
            penalty = core.Penalty(round(10.0 * (1000 + 37 * i), 2), False, f"代自然资罚〔2021〕{i + 1}号",
                                   filed + dt.timedelta(days=10))
        sc = cases.open_unit_case(ws, tbid, f"代自然资立〔2021〕{i + 1}号", filed, penalty=penalty,
                                  source="demo:立案")
        mu, gd = sc.case.illegal_mu, sc.case.illegal_gd_mu
        start = filed + dt.timedelta(days=5)
        if stage == "eliminated":
            done = start + dt.timedelta(days=15 + i % 10)
            shot = dt.datetime.combine(done, dt.time(10, 30))
            cleared = _attach(ws, tbid, evidence_photo(photos, key, row["LZB"], row["BZB"], shot, "拆除", False))
            sc = cases.add_measure(ws, sc.fid, core.Measure(core.DEMOLISH, mu, start, done), [cleared],
                                   source="demo:整改")
            if gd > core.TOLERANCE_MU:
                later = done + dt.timedelta(days=10)
                sown = _attach(ws, tbid, evidence_photo(photos, key, row["LZB"], row["BZB"],
                                                        dt.datetime.combine(later, dt.time(11, 0)), "复耕", True))
                sc = cases.add_measure(ws, sc.fid, core.Measure(core.RECLAIM, gd, done, later), [sown],
                                       source="demo:整改")
                done = later
            sc = cases.move_case(ws, sc.fid, core.RECTIFYING, start, source="demo:整改")
            sc = cases.move_case(ws, sc.fid, core.RECTIFIED, done, source="demo:整改")
            cases.move_case(ws, sc.fid, core.ELIMINATED, done + dt.timedelta(days=3), "县卫片办现场复核",
                            source="demo:销号")
        elif stage == "rectifying":
            sc = cases.add_measure(ws, sc.fid, core.Measure(core.DEMOLISH, mu, start), source="demo:整改")
            cases.move_case(ws, sc.fid, core.RECTIFYING, start, source="demo:整改")
        elif stage == "approved":
            approved = start + dt.timedelta(days=30)
            sc = cases.add_measure(ws, sc.fid, core.Measure(core.APPROVAL, mu, doc_no=f"晋政地字〔2021〕{100 + i}号",
                                                            doc_date=approved), source="demo:补办手续")
            sc = cases.move_case(ws, sc.fid, core.RECTIFYING, approved, source="demo:整改")
            cases.move_case(ws, sc.fid, core.RECTIFIED, approved, "用地手续已补办", source="demo:整改")
        stages[stage] += 1
        # referrals the determination suggests; the first ones have the department's answer back
        for s in registers.suggested_referrals(ws, tbid):
            # one letter per department and month, sent on the month's last day: the patches referred together
            # share its number and its date (a line dated before its own letter read as sent before it was written)
            due = filed + dt.timedelta(days=3)
            sent = (due.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
            letter_no = f"代自然资函〔2021〕{sent.month}{DEPARTMENTS.index(s.department) + 1:02d}号"
            ref = from_suggestion(key, s, sent, letter_no)
            if i % 3 != 2:
                from dataclasses import replace
                ref = replace(ref, received=sent + dt.timedelta(days=2), feedback="已接收，依法查处中" if i % 2 else
                              "已立案查处并责令恢复原状", feedback_date=sent + dt.timedelta(days=20))
            registers.save_referral(ws, tbid, ref, source="demo:移交")
        # the party behind the patch
        name, kind = party(i)
        registers.add_violator(ws, tbid, Violator(name, kind), issued.year, source="demo:违法主体")
    # a delay for one patch still waiting for its field check
    waiting = p[~p["ZT"].isin(registers.VERIFIED)]
    delays = 0
    if not waiting.empty:
        w = waiting.iloc[0]
        old = dt.date.fromisoformat(str(w["HCJZ"])[:10])
        registers.request_delay(ws, int(w["fid"]), "暴雨导致进村道路中断，无法按期到达现场核查",
                                old + dt.timedelta(days=10), old - dt.timedelta(days=1), "张国文",
                                source="demo:延期")
        delays = 1
    # the internal review: 10 % of the verified patches per township, one found not authentic
    sample = registers.draw_review_sample(ws, SAMPLE_NAME, SAMPLE_SEED, rate=0.1, source="demo:抽样")
    first_town = sorted(sample.strata)[0]
    for town, ids in sorted(sample.strata.items()):
        for k, pid in enumerate(ids):
            bad = town == first_town and k == 0
            registers.record_verdict(ws, SAMPLE_NAME, int(pid), "不真实" if bad else "真实",
                                     "举证照片与实地不符，需重新核查" if bad else "", reviewer="梁晓明",
                                     video_note="视频连线核实" if k == 1 else "", source="demo:复核")
    report = registers.sample_report(ws, SAMPLE_NAME)
    return {"cases": sum(stages.values()), "stages": stages, "referrals": ws.count("wz_referral"),
            "violators": ws.count("wz_violator"), "delays": delays, "sampled": len(sample.ids),
            "authenticity": report.batch.percent, "flagged": [r.name for r in report.flagged()]}
