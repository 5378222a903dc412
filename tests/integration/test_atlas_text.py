"""The atlas's text layer is the text drawn (no radicals in place of characters): a supervisor can search
the patch maps for a township or a category."""
import re
import shutil
import subprocess

import pytest

from wpzf.tests.integration.test_atlas import atlas_ws, layers  # noqa: F401  (fixtures)

SHADOW = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff]")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_atlas_text_is_searchable(atlas_ws, layers, tmp_path):  # noqa: F811
    from wpzf.reports.atlas import export_atlas

    out = tmp_path / "atlas.pdf"
    export_atlas(atlas_ws, out, before_layer=str(layers["before"]), after_layer=str(layers["after"]),
                 landuse_layer=str(layers["landuse"]))
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert not SHADOW.findall(text), sorted(set(SHADOW.findall(text)))
    flat = re.sub(r"\s+", "", text)
    for word in ("卫片执法图斑核查图", "监测编号", "图斑面积（亩）", "判定结果", "新增建设用地违法", "前时相影像", "后时相影像"):
        assert word in flat, word
