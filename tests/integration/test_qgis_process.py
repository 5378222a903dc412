"""The Processing algorithms run from the command line (qgis_process) with the plugin loaded."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wpzf.store import open_workspace
from wpzf.tests.exchange.corpus import good_rows, write_shp

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (Path("/usr/bin/qgis_process.bin").exists() or shutil.which("qgis_process")),
                    reason="qgis_process not installed")
def test_import_batch_from_qgis_process(tmp_path):
    shp = write_shp(tmp_path / "b.shp", good_rows(4))
    ws = tmp_path / "ws.gpkg"
    env = dict(os.environ, WPZF_VENV=sys.prefix)
    res = subprocess.run([str(ROOT / "tools" / "qgis_process"), "run", "wpzf:import_batch", "--", f"INPUT={shp}",
                          f"WORKSPACE={ws}", "LEVEL=1", "ISSUED=2021-06-15"], capture_output=True, text=True,
                         env=env, timeout=300)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    assert "IMPORTED:\t4" in res.stdout
    w = open_workspace(ws)
    assert w.count("wz_patch") == 4 and set(w.select("wz_batch")["JB"]) == {"省级"}
    w.close()
