"""Screenshots kept with a patch (issue 19): stored like a photo, marked as a screenshot, with its time."""
import datetime as dt
import io

from wpzf.tests.reports import conftest as report_fixtures

ws = report_fixtures.ws


def _png(colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 32), colour).save(buf, format="PNG")
    return buf.getvalue()


def test_a_screenshot_is_kept_and_marked(ws):
    from wpzf.exchange.photo_lookup import photos_of_patch
    from wpzf.exchange.screenshots import attach_screenshot, is_screenshot, screenshot_name

    fid = ws.fids["a"]
    name = screenshot_name("1409232021050001", "2020-10-01")
    assert name == "影像截图_1409232021050001_2020-10-01.png"
    seq = len(ws.select("wz_audit", ["SEQ"]))
    report = attach_screenshot(ws, fid, _png(), name)
    assert report.ok and len(report.added) == 1
    rows = photos_of_patch(ws, fid).to_dict("records")
    assert len(rows) == 1 and is_screenshot(rows[0]) and rows[0]["YWJM"] == name and rows[0]["exists"]
    taken = rows[0]["taken"]   # Beijing time of the screenshot: now
    assert taken is not None and abs((taken - (dt.datetime.utcnow() + dt.timedelta(hours=8))).total_seconds()) < 120
    audit = ws.select("wz_audit", ["TBL"], order_by='"SEQ"')
    assert "wz_photo" in set(audit["TBL"].iloc[seq:])
    # a field photo is not a screenshot
    assert not is_screenshot({"SB": "Apple iPhone 12"}) and not is_screenshot({"SB": None})
