"""Drone photos (issue 16): DJI's XMP gives the direction, heights and position EXIF lacks; the photo is
marked a drone photo in the workspace."""
import datetime as dt

import pytest

from wpzf.exchange.drone import drone_values, read_xmp
from wpzf.tests.exchange.test_field_package import fid
from wpzf.tests.exchange.test_field_package import ws as ws  # noqa: F401  (fixture)

TAKEN = dt.datetime(2021, 6, 12, 11, 5)


def test_drone_values_from_dji_attributes_and_elements(tmp_path):
    path = tmp_path / "x.xmp"
    path.write_text('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description xmlns:drone-dji="http://www.dji.com/drone-dji/1.0/" '
                    'drone-dji:GimbalYawDegree="-60.50" drone-dji:FlightYawDegree="+10.00" '
                    'drone-dji:RelativeAltitude="+85.20"><drone-dji:AbsoluteAltitude>+912.35</drone-dji:AbsoluteAltitude>'
                    '<drone-dji:GpsLongtitude>113.0005</drone-dji:GpsLongtitude><drone-dji:GpsLatitude>39.0005'
                    '</drone-dji:GpsLatitude></rdf:Description></x:xmpmeta>', "utf-8")
    v = drone_values(read_xmp(path))
    assert v == {"direction": -60.5, "relative_altitude": 85.2, "absolute_altitude": 912.35, "lon": 113.0005,
                 "lat": 39.0005}
    # the flight's heading only when the gimbal's is missing
    assert drone_values({"drone-dji:FlightYawDegree": "+10.0"})["direction"] == 10.0
    assert drone_values({}) == {} and read_xmp(tmp_path / "missing.jpg") == {}


@pytest.mark.qgis
def test_read_photo_takes_what_exif_lacks_from_the_xmp(qgis_app, tmp_path):
    from wpzf.demo.photos import drone_photo
    from wpzf.exchange.photo_meta import read_photo

    with_gps = drone_photo(tmp_path / "DJI_0001.JPG", "A", 113.0005, 39.0005, TAKEN, gimbal_yaw=-60.0,
                           flight_yaw=10.0, relative_altitude=85.2, absolute_altitude=912.4)
    meta = read_photo(with_gps)
    assert meta.drone and meta.direction == pytest.approx(300.0) and meta.sources["direction"] == "xmp"
    assert meta.relative_altitude == pytest.approx(85.2) and meta.altitude == pytest.approx(912.4, abs=0.01)
    assert meta.sources["position"] == "qgis" and meta.make == "DJI"
    only_xmp = drone_photo(tmp_path / "DJI_0002.JPG", "A", 113.0015, 39.0025, TAKEN, gimbal_yaw=45.0,
                           flight_yaw=90.0, relative_altitude=120.0, absolute_altitude=950.0, exif_position=False)
    meta = read_photo(only_xmp)
    assert meta.has_position and meta.sources["position"] == "xmp"
    assert (meta.lon, meta.lat) == pytest.approx((113.0015, 39.0025)) and meta.direction == pytest.approx(45.0)


@pytest.mark.qgis
def test_a_phone_photo_is_not_a_drone_photo_and_exif_direction_wins(qgis_app, tmp_path):
    from wpzf.demo.photos import dji_xmp, insert_xmp
    from wpzf.exchange.photo_meta import read_photo
    from wpzf.tests.exchange.test_photos import make_photo

    phone = make_photo(tmp_path / "IMG_1.jpg", direction=45.0)
    meta = read_photo(phone)
    assert not meta.drone and meta.relative_altitude is None
    # a DJI photo that has an EXIF direction keeps it (the XMP fills gaps only)
    both = make_photo(tmp_path / "DJI_3.jpg", direction=45.0)
    both.write_bytes(insert_xmp(both.read_bytes(), dji_xmp({"GimbalYawDegree": "+100.0"})))
    meta = read_photo(both)
    assert meta.drone and meta.direction == pytest.approx(45.0)


@pytest.mark.qgis
def test_attached_drone_photos_are_marked_with_their_height(qgis_app, ws, tmp_path):  # noqa: F811
    from wpzf.demo.photos import drone_photo
    from wpzf.exchange.photo_lookup import photos_of_patch
    from wpzf.exchange.photos import attach_photos
    from wpzf.tests.exchange.test_photos import make_photo

    shot = drone_photo(tmp_path / "DJI_0001.JPG", "A", 113.0005, 39.0005, TAKEN, gimbal_yaw=-60.0,
                       flight_yaw=10.0, relative_altitude=85.2, absolute_altitude=912.4)
    phone = make_photo(tmp_path / "IMG_1.jpg", (113.0005, 39.0005), direction=45.0)
    assert len(attach_photos(ws, fid(ws, "A"), [shot, phone]).added) == 2
    df = photos_of_patch(ws, fid(ws, "A")).set_index("YWJM")
    assert bool(df.loc["DJI_0001.JPG", "WRJ"]) and df.loc["DJI_0001.JPG", "XDGD"] == pytest.approx(85.2)
    assert df.loc["DJI_0001.JPG", "FX"] == pytest.approx(300.0)
    assert not bool(df.loc["IMG_1.jpg", "WRJ"])


@pytest.mark.qgis
def test_the_photo_strip_says_drone(qgis_app, ws, tmp_path):  # noqa: F811
    from wpzf.demo.photos import drone_photo
    from wpzf.exchange.photos import attach_photos
    from wpzf.tests.exchange.test_photos import make_photo
    from wpzf.ui.photo_panel import PhotoPanel

    shot = drone_photo(tmp_path / "DJI_0001.JPG", "A", 113.0005, 39.0005, TAKEN, gimbal_yaw=-60.0,
                       flight_yaw=10.0, relative_altitude=85.2, absolute_altitude=912.4)
    phone = make_photo(tmp_path / "IMG_1.jpg", (113.0005, 39.0005), direction=45.0)
    attach_photos(ws, fid(ws, "A"), [shot, phone])
    panel = PhotoPanel()
    panel.resize(600, 250)
    panel.show()
    try:
        panel.set_patch(ws, fid(ws, "A"))
        rows = {r["YWJM"]: i for i, r in panel.frame.iterrows()}
        drone, plain = panel.list.item(rows["DJI_0001.JPG"]), panel.list.item(rows["IMG_1.jpg"])
        assert "drone" in drone.text() and "300°" in drone.text() and "drone" not in plain.text()
        assert "85 m above the take-off point" in drone.toolTip()
        assert panel.grab().save("/tmp/f16_photo_strip.png")
    finally:
        panel.hide()
        panel.deleteLater()


@pytest.mark.qgis
def test_the_card_and_the_record_form_say_drone(qgis_app, ws, tmp_path):  # noqa: F811
    from wpzf.demo.photos import drone_photo
    from wpzf.exchange.photos import attach_photos
    from wpzf.reports.render import patch_record_context
    from wpzf.store.queue import patch_card
    from wpzf.tests.exchange.test_photos import make_photo
    from wpzf.ui.patch_card import card_html

    shot = drone_photo(tmp_path / "DJI_0001.JPG", "A", 113.0005, 39.0005, TAKEN, gimbal_yaw=-60.0,
                       flight_yaw=10.0, relative_altitude=85.2, absolute_altitude=912.4)
    phone = make_photo(tmp_path / "IMG_1.jpg", (113.0005, 39.0005), direction=45.0)
    attach_photos(ws, fid(ws, "A"), [shot, phone])
    card = patch_card(ws, fid(ws, "A"))
    assert card["photos"] == 2 and card["drone_photos"] == 1
    assert "drone 1" in card_html(card)
    devices = {p["name"]: p["device"] for p in patch_record_context(ws, fid(ws, "A"))["photos"]}
    assert devices["DJI_0001.JPG"].endswith("（无人机）") and "无人机" not in devices["IMG_1.jpg"]
