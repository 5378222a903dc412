"""Verbatim source attributes kept only where the patch's columns do not reproduce them
(exchange/verbatim.py): whatever is left out reads back as it was read."""
import datetime as dt
import json

from wpzf.exchange import verbatim

FIELDS = ["BH", "MC", "MJ", "RQ", "GD", "XZ", "QT"]
CHOSEN = {"JCBH": "BH", "XMC": "MC", "JCMJ": "MJ", "XFSJ": "RQ", "GDMJ": "GD", "XZMC": "XZ"}


def test_what_is_left_out_reads_back_as_read():
    raw = {"BH": ["K1", " K2", "K3"], "MC": ["代县", "代县", None], "MJ": [1.5, 2, float("nan")],
           "RQ": ["2021-05-06", dt.date(2021, 5, 6), "2021/5/6"], "GD": [0.5, 0.5, 0.5],
           "XZ": ["上馆镇", "上馆镇", "上馆镇"], "QT": [None, "x", 7]}
    stored = {"JCBH": ["K1", "K2", "K3"], "XMC": ["代县", "代县", None], "JCMJ": [1.5, 2.0, None],
              "XFSJ": [dt.date(2021, 5, 6)] * 3, "GDMJ": [0.5] * 3, "XZMC": ["上馆镇"] * 3}
    texts, reproduced = verbatim.split(FIELDS, raw, CHOSEN, stored, 3)
    # the overlay's areas and the township assignment change later: never taken from the patch
    assert reproduced == {"BH": "JCBH", "MC": "XMC", "MJ": "JCMJ", "RQ": "XFSJ"}
    assert [json.loads(t) if t else None for t in texts] == [
        {"GD": 0.5, "XZ": "上馆镇"},                          # everything else as read
        {"BH": " K2", "MJ": 2, "GD": 0.5, "XZ": "上馆镇", "QT": "x"},   # stripped text, an integer stored as 2.0
        {"RQ": "2021/5/6", "GD": 0.5, "XZ": "上馆镇", "QT": 7}]       # a date in another spelling
    # read back: the patch as the store gives it (dates as text on a GeoPackage, as dates on a server)
    patches = [{"JCBH": "K1", "XMC": "代县", "JCMJ": 1.5, "XFSJ": "2021-05-06"},
               {"JCBH": "K2", "XMC": "代县", "JCMJ": 2.0, "XFSJ": dt.date(2021, 5, 6)},
               {"JCBH": "K3", "XMC": None, "JCMJ": float("nan"), "XFSJ": "2021-05-06"}]
    want = [{n: verbatim.json_value(raw[n][i]) for n in FIELDS if verbatim.json_value(raw[n][i]) is not None}
            for i in range(3)]
    got = [{k: v for k, v in verbatim.attributes(t, p, reproduced).items() if v is not None}
           for t, p in zip(texts, patches)]
    assert got == want


def test_nothing_left_gives_no_text_and_no_structure_keeps_every_field():
    texts, reproduced = verbatim.split(["BH"], {"BH": ["K1"]}, {"JCBH": "BH"}, {"JCBH": ["K1"]}, 1)
    assert texts == [None] and verbatim.attributes(None, {"JCBH": "K1"}, reproduced) == {"BH": "K1"}
    texts, reproduced = verbatim.split(["BH", "QT"], {"BH": ["K1"], "QT": [None]}, {}, {}, 1, nulls=True)
    assert texts == ['{"BH":"K1","QT":null}'] and reproduced == {}
