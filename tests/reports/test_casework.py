"""Case-work reports: rectification progress, referral letters, registers and the ledger's case columns."""
import datetime as dt
import re

import pytest

from wpzf.core import cases as core
from wpzf.core.blacklist import Violator
from wpzf.core.referrals import AGRICULTURE, INBOUND, OUTBOUND, TRANSPORT, Referral
from wpzf.reports.casework import (
    register_sheets,
    render_rectification_progress,
    render_referral_letters,
)
from wpzf.reports.ledgers import illegal_ledger
from wpzf.store import cases, registers
from wpzf.tests.reports.test_render import pdf_text

D = dt.date


@pytest.fixture
def worked(ws):
    a, b, c = ws.fids["a"], ws.fids["b"], ws.fids["c"]
    with ws.transaction():
        ws.insert("wz_photo", [{"TBID": a, "WJLJ": "photos/x.jpg", "SHA": "x", "PSSJ": "2021-06-25T02:00:00.000Z"}])
    sc = cases.open_unit_case(ws, a, "代自然资立〔2021〕7号", D(2021, 6, 1),
                              penalty=core.Penalty(12000.0, False, "代自然资罚〔2021〕7号", D(2021, 6, 2)))
    cases.add_measure(ws, sc.fid, core.Measure(core.RECLAIM, 3.0, D(2021, 6, 10), D(2021, 6, 24)), ["x"])
    cases.add_measure(ws, sc.fid, core.Measure(core.DEMOLISH, 1.0, D(2021, 6, 10)))   # not finished: no photo
    cases.open_unit_case(ws, c, "代自然资立〔2021〕8号", D(2021, 6, 3))
    registers.save_referral(ws, c, Referral("", AGRICULTURE, OUTBOUND, D(2021, 6, 5), doc_no="代自然资函〔2021〕9号",
                                            reason="<script>x</script>"))
    registers.save_referral(ws, b, Referral("", TRANSPORT, INBOUND, D(2021, 6, 6)))
    registers.add_violator(ws, a, Violator("宋华", "个人"), 2021)
    registers.add_violator(ws, c, Violator("宋华", "个人"), 2021)
    registers.draw_review_sample(ws, "六月复核", 7, rate=1.0)
    return ws


def test_rectification_progress_report(worked, tmp_path):
    html = render_rectification_progress(worked, D(2021, 8, 1))
    assert "共立案2宗" in html and "整改中" in html and "12000.00元" in html
    # both cases are still 立案 (nothing was moved on): the status breakdown says so
    assert "立案2宗（28.85亩），整改中0宗（0.00亩），已整改0宗（0.00亩），消除违法状态0宗（0.00亩）" in html
    assert "已有证据齐全的整改措施覆盖3.00亩" in html     # the photographed 复耕 counts, the demolition does not
    assert "缺少" in html and "现场照片" in html               # the demolition lacks its photo
    assert "<script>" not in html                            # the hostile village name is escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html    # … and still shown
    assert "代自然资函〔2021〕9号" in html                       # sent 2021-06-05, no feedback after 30 days
    assert html.index("代自然资函〔2021〕9号") > html.index("超期未反馈的移交案件")   # listed in that section
    from wpzf.reports.render import html_to_pdf
    pdf = html_to_pdf(html, tmp_path / "r.pdf")
    text = pdf_text(pdf)
    assert "整改进展报告" in text and "共立案2宗" in text and "覆盖3.00亩" in text


def test_referral_letters_one_per_department(worked):
    letters = dict(render_referral_letters(worked, D(2021, 8, 1)))
    assert set(letters) == {"移交函_农业农村局_代自然资函〔2021〕9号", "商请函_交通运输局"}
    out = letters["移交函_农业农村局_代自然资函〔2021〕9号"]
    assert "2021年6月5日" in out                       # dated the day it was sent
    assert "<b>代县农业农村局：</b>" in out and "代自然资函〔2021〕9号" in out and "1409232021050003" in out
    assert "&lt;script&gt;" in out and "<script>" not in out
    assert "商请" in letters["商请函_交通运输局"] and "1409232021050002" in letters["商请函_交通运输局"]


def test_registers_and_ledger_case_columns(worked):
    sheets = register_sheets(worked, D(2021, 8, 1))
    assert list(sheets["立案整改台账"]["立案编号"]) == ["代自然资立〔2021〕7号", "代自然资立〔2021〕8号"]
    assert sheets["违法主体名单"].iloc[0]["屡查屡犯"].startswith("涉及2个图斑")
    assert len(sheets["抽样六月复核"]) == 3 and "真实率" in sheets["抽样六月复核 真实率"].columns
    ledger = illegal_ledger(worked).set_index("监测编号")
    assert ledger.loc["1409232021050001", "立案编号"] == "代自然资立〔2021〕7号"
    assert ledger.loc["1409232021050001", "整改情况"].startswith("整改中") or \
        ledger.loc["1409232021050001", "整改情况"].startswith("立案")
    # the case was never moved on: still 立案, with its measures and the demolition's evidence problems
    a_progress = ledger.loc["1409232021050001", "整改情况"]
    assert a_progress.startswith("立案；复耕3.00亩；拆除1.00亩；")
    assert "尚未完成" in a_progress and "缺少2021年6月10日及以后拍摄的现场照片" in a_progress
    # one clause per measure, its problems joined, dates as the forms print them (not "拆除…：…；拆除…：…", ISO)
    assert a_progress.count("拆除（") == 1 and not re.search(r"\d{4}-\d{2}-\d{2}", a_progress)
    assert ledger.loc["1409232021050003", "立案编号"] == "代自然资立〔2021〕8号"
    assert ledger.loc["1409232021050003", "整改情况"] == "立案"
    assert ledger.loc["1409232021050002", "立案编号"] == "" and ledger.loc["1409232021050002", "整改情况"] == ""


def test_sample_rates_carry_intervals_and_a_verdict_against_95(worked):
    """The register says how sure each rate is: an interval, and under 95 % for sure / possibly / not."""
    from wpzf.core import estimates as est

    a, b, c = worked.fids["a"], worked.fids["b"], worked.fids["c"]
    registers.record_verdict(worked, "六月复核", a, "真实", reviewer="复核员")
    registers.record_verdict(worked, "六月复核", b, "真实", reviewer="复核员")
    registers.record_verdict(worked, "六月复核", c, "不真实", "照片与实地不符", reviewer="复核员")
    county, towns = registers.sample_estimates(worked, "六月复核")
    # three townships of one patch each (c's township is the hostile text of the fixture), all sampled
    assert county.rate == pytest.approx(2 / 3) and county.se == 0.0 and county.verdict() == est.UNDER
    assert towns["聂营镇"].verdict() == est.POSSIBLY_UNDER      # 1 of 1: far too few to be sure
    assert [t.verdict() for name, t in towns.items() if name not in ("聂营镇", "上馆镇")] == [est.UNDER]   # 0 of 1
    rates = register_sheets(worked, D(2021, 8, 1))["抽样六月复核 真实率"].set_index("范围")
    assert rates.loc["聂营镇", "与95%比较"] == "可能低于95%" and rates.loc["聂营镇", "95%置信区间"].endswith("100.00%")
    assert rates.loc["六月复核", "估计真实率"] == "66.67%" and rates.loc["六月复核", "与95%比较"] == "确定低于95%"
    assert "建议复核" in rates.attrs["note"]
