#!/usr/bin/env bash
# Installs what WPZF needs to run its demo and tests on Debian 12 (QGIS 3.22) or 13 (QGIS 3.40):
# Debian's QGIS and tools through apt when missing, then a venv that sees apt's QGIS/numpy/pandas
# (never replaced by pip: numpy 2 breaks Debian 12's GDAL bindings) plus the test tools from PyPI.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
venv=${WPZF_VENV:-$here/.venv}

apt_pkgs=(python3-qgis qgis-providers qgis xvfb gdal-bin python3-venv python3-pandas python3-openpyxl
          python3-jinja2 python3-geographiclib qttools5-dev-tools pyqt5-dev-tools poppler-utils
          fonts-noto-cjk zip python3-docx postgresql-postgis qttranslations5-l10n python3-matplotlib
          python3-fonttools)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing from apt: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import shapely, pytest_qgis, hypothesis" 2>/dev/null; then
  echo "bootstrap: preparing $venv"
  /usr/bin/python3 -m venv --system-site-packages "$venv"
  # Pin numpy to the one apt installed so pip never swaps it for numpy 2.
  npv=$(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)')
  pdv=$(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')
  cons=$(mktemp); printf 'numpy==%s\npandas==%s\n' "$npv" "$pdv" > "$cons"
  "$venv/bin/pip" install -q --disable-pip-version-check -c "$cons" -r "$here/requirements-dev.txt"
  rm -f "$cons"
fi
