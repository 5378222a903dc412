"""The demo's small EXIF writer, read back by PIL (an independent parser) and by QgsExifTools."""
import datetime as dt
import io
import struct

import pytest

from wpzf.demo.exif import build_exif, insert_exif, write_exif

Image = pytest.importorskip("PIL.Image")

TAKEN = dt.datetime(2021, 5, 12, 10, 32, 5)


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 160, 200)).save(buf, "JPEG", quality=80)   # PIL writes a JFIF APP0
    return buf.getvalue()


def _segments(jpeg: bytes) -> list[tuple[int, bytes]]:
    out, pos = [], 2
    while jpeg[pos] == 0xFF and jpeg[pos + 1] != 0xDA:
        length = struct.unpack(">H", jpeg[pos + 2:pos + 4])[0]
        out.append((jpeg[pos + 1], jpeg[pos + 4:pos + 2 + length]))
        pos += 2 + length
    return out


def test_round_trip_through_pil():
    tiff = build_exif(TAKEN, make="WPZF Demo", model="Field Camera A", direction=123.45, lon=113.0123456,
                      lat=39.0712345, altitude=850.5, width=64, height=48)
    assert tiff[:4] == b"II*\x00"
    data = insert_exif(_jpeg(), tiff)
    segs = _segments(data)
    assert segs[0][0] == 0xE1 and segs[0][1].startswith(b"Exif\x00\x00")    # APP1 right after SOI
    assert 0xE0 not in [m for m, _ in segs]                                  # JFIF APP0 dropped
    im = Image.open(io.BytesIO(data))
    im.load()
    exif = im.getexif()
    assert exif[0x010F] == "WPZF Demo" and exif[0x0110] == "Field Camera A"
    sub = exif.get_ifd(0x8769)
    assert sub[0x9003] == "2021:05:12 10:32:05" and sub[0x9011] == "+08:00"
    gps = exif.get_ifd(0x8825)
    assert gps[0x0010] == "T" and float(gps[0x0011]) == pytest.approx(123.45)
    d, m, s = (float(x) for x in gps[0x0002])
    assert gps[0x0001] == "N" and d + m / 60 + s / 3600 == pytest.approx(39.0712345, abs=1e-7)
    d, m, s = (float(x) for x in gps[0x0004])
    assert gps[0x0003] == "E" and d + m / 60 + s / 3600 == pytest.approx(113.0123456, abs=1e-7)
    assert float(gps[0x0006]) == pytest.approx(850.5)


def test_rewriting_replaces_the_exif_block(tmp_path):
    p = tmp_path / "a.jpg"
    p.write_bytes(_jpeg())
    write_exif(str(p), TAKEN, direction=10.0)
    write_exif(str(p), TAKEN + dt.timedelta(hours=1), direction=350.0)
    data = p.read_bytes()
    assert sum(1 for m, body in _segments(data) if m == 0xE1 and body.startswith(b"Exif")) == 1
    gps = Image.open(p).getexif().get_ifd(0x8825)
    assert float(gps[0x0011]) == pytest.approx(350.0)
    assert Image.open(p).size == (64, 48)


def test_direction_is_normalised_and_non_jpeg_rejected():
    gps = Image.open(io.BytesIO(insert_exif(_jpeg(), build_exif(TAKEN, direction=-90.0)))).getexif().get_ifd(0x8825)
    assert float(gps[0x0011]) == pytest.approx(270.0)
    with pytest.raises(ValueError):
        insert_exif(b"\x89PNG....", build_exif(TAKEN))


@pytest.mark.qgis
def test_qgis_reads_the_tags_and_geotagging_keeps_them(tmp_path):
    pytest.importorskip("qgis.core")
    from qgis.core import QgsExifTools, QgsPointXY

    from wpzf.demo.photos import qgis_app
    qgis_app()
    p = str(tmp_path / "b.jpg")
    with open(p, "wb") as f:
        f.write(_jpeg())
    write_exif(p, TAKEN, direction=42.5)
    details = QgsExifTools.GeoTagDetails()
    details.elevation = 830.0
    assert QgsExifTools.geoTagImage(p, QgsPointXY(113.01, 39.07), details)
    tags = QgsExifTools.readTags(p)
    assert tags["Exif.GPSInfo.GPSImgDirection"] == pytest.approx(42.5)
    assert tags["Exif.Photo.DateTimeOriginal"].toPyDateTime() == TAKEN
    point, ok = QgsExifTools.getGeoTag(p)
    assert ok and point.x() == pytest.approx(113.01, abs=1e-6) and point.y() == pytest.approx(39.07, abs=1e-6)
