import datetime as dt

import pytest

from wpzf.reports.ledgers import (
    ILLEGAL_COLUMNS,
    accountability_summary,
    accountability_table,
    illegal_ledger,
    mineral_ledger,
    monthly_statistics,
)
from wpzf.store.determinations import workspace_accountability

from .conftest import FORMULA, SCRIPT


def test_illegal_ledger(ws):
    led = illegal_ledger(ws)
    assert list(led.columns) == ILLEGAL_COLUMNS
    assert set(led["判定结果"]) == {"新增建设用地违法"} and len(led) == 3
    row = led.set_index("监测编号").loc["1409232021050001"]
    assert row["批次"] and row["乡镇"] == "上馆镇" and row["村"] == "东关村"
    assert row["耕地(亩)"] == pytest.approx(3.0) and row["永久基本农田(亩)"] == pytest.approx(1.25)
    assert row["面积(亩)"] > 0 and row["依据条款"] and "耕地" in row["判定依据说明"] and row["状态"] == "已判定"
    hostile = led.set_index("监测编号").loc["1409232021050003"]
    assert hostile["村"] == SCRIPT and hostile["乡镇"] == FORMULA
    assert list(led["序号"]) == [1, 2, 3]


def test_mineral_ledger(ws):
    led = mineral_ledger(ws)
    assert list(led["监测编号"]) == ["1409232021050002"]
    assert led["矿产判定结果"].iloc[0] == "无证开采" and "无有效采矿许可证" in led["矿产判定说明"].iloc[0]


def test_monthly_statistics_by_township(ws):
    st = monthly_statistics(ws, today=dt.date(2021, 7, 1)).set_index("乡镇")
    assert list(st.index) == sorted([FORMULA, "上馆镇", "聂营镇"]) + ["合计"]
    assert st.loc["上馆镇", "图斑数"] == 1 and st.loc["合计", "图斑数"] == 3
    assert st.loc["合计", "新增建设用地违法(个)"] == 3
    assert st.loc["合计", "违法占用耕地(亩)"] == pytest.approx(5.0)
    assert st.loc["合计", "违法占用永久基本农田(亩)"] == pytest.approx(1.25)
    assert st.loc["合计", "已完成"] == 3 and st.loc["合计", "逾期未完成"] == 0


def test_accountability_tables(ws):
    res = workspace_accountability(ws)
    tab = accountability_table(res)
    county = tab[tab["级别"] == "县级"]
    assert county["地区"].iloc[0] == "代县"
    assert county["项目"].iloc[0] == "扣除前" and county["分子(亩)"].iloc[0] == pytest.approx(5.0)
    assert county["项目"].iloc[-1] == "扣除后" and len(county) == 8  # before, six items, after
    assert (tab["分子(亩)"].astype(str) != "-0.0").all()
    summ = accountability_summary(res).set_index("地区")
    assert summ.loc["代县", "比例(%)"] == pytest.approx(100.0)
