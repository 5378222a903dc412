"""The zh_CN translation is complete, keeps every placeholder, and is what the plugin shows."""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "i18n" / "wpzf_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]+(?::[^}]*)?\}")


def messages():
    return [(m.findtext("source"), m.find("translation")) for m in ET.parse(TS).getroot().iter("message")]


def test_every_tr_string_is_in_the_ts_and_translated():
    res = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n_update.py"), "--check"], capture_output=True,
                         text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_translations_keep_placeholders_and_are_chinese():
    for src, t in messages():
        assert t is not None and t.get("type") != "unfinished", src
        assert sorted(PLACEHOLDER.findall(src)) == sorted(PLACEHOLDER.findall(t.text)), src
        assert re.search(r"[\u4e00-\u9fff]", t.text), f"not Chinese: {t.text!r}"


@pytest.mark.qgis
def test_plugin_translator_speaks_chinese(qgis_app):
    qm = ROOT / "i18n" / "wpzf_zh_CN.qm"
    if not qm.exists():
        pytest.skip("the .qm is built by `make qm` (lrelease)")
    from wpzf.i18n import tr
    from wpzf.plugin import install_translator

    t = install_translator("zh_CN")
    try:
        assert tr("Satellite Enforcement") == "卫片执法"
        assert tr("监测编号 is empty") == "监测编号为空"
        assert tr("verify by {date}").format(date="2021-06-20") == "核查截止 2021-06-20"
    finally:
        from qgis.PyQt.QtCore import QCoreApplication

        QCoreApplication.removeTranslator(t)
    assert tr("Satellite Enforcement") == "Satellite Enforcement"
