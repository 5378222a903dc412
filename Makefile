# WPZF — the two commands a new machine needs:  make demo   and   make test
SHELL := /bin/bash
VENV ?= $(CURDIR)/.venv
PY := $(VENV)/bin/python -P
export QT_QPA_PLATFORM ?= offscreen
export PYTHONPATH := $(CURDIR)/.pkgroot
DEMO_OUT ?= $(CURDIR)/demo_out
PKG_FILES := metadata.txt __init__.py plugin.py plugin_missing.py LICENSE README.md icons core rules store exchange \
             reports processing ui i18n data

.PHONY: all setup mount test test-core lint i18n qm demo desktop screenshots package bench bench-import bench-rules bench-dock bench-overlay bench-ledger bench-atlas bench-concurrency bench-bulk bench-dashboard bench-records bench-prefill bench-audit bench-scale gpdvenv clean

all: test

setup: $(VENV)/.ready mount

$(VENV)/.ready: tools/bootstrap.sh requirements-dev.txt
	WPZF_VENV=$(VENV) bash tools/bootstrap.sh
	touch $@

# Tests and tools import the checkout under its package name, wpzf.
mount:
	@mkdir -p .pkgroot && ln -sfn .. .pkgroot/wpzf

qm: setup
	@command -v lrelease >/dev/null || { echo "lrelease missing (apt install qttools5-dev-tools)"; exit 1; }
	lrelease -silent i18n/wpzf_zh_CN.ts -qm i18n/wpzf_zh_CN.qm

i18n: setup
	$(PY) tools/i18n_update.py

test: setup qm
	$(PY) tools/i18n_update.py --check
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q tests

test-core: setup
	$(PY) -m pytest -q -p no:pytest_qgis tests/core tests/rules

lint: setup
	$(VENV)/bin/ruff check .

demo: setup qm
	$(PY) -m wpzf.demo.build --out $(DEMO_OUT)
	$(PY) -m wpzf.demo.run --out $(DEMO_OUT)

# The QGIS desktop with the demo project and the plugin loaded (needs a display; see `make screenshots`).
desktop: demo
	$(PY) tools/desktop.py --demo $(DEMO_OUT)

screenshots: demo
	$(PY) tools/desktop.py --demo $(DEMO_OUT) --screenshots docs/screenshots --size 1366x768 --size 1920x1080 --xvfb

package: qm
	rm -rf build/package && mkdir -p build/package/wpzf
	cp -r $(PKG_FILES) build/package/wpzf/ 2>/dev/null || true
	find build/package -name __pycache__ -prune -exec rm -rf {} + ; find build/package -name '*.ts' -delete
	cd build/package && rm -f ../wpzf.zip && zip -qr ../wpzf.zip wpzf
	@echo "plugin zip: build/wpzf.zip (QGIS ▸ Plugins ▸ Install from ZIP)"

bench: bench-import bench-rules bench-dock bench-overlay bench-ledger bench-atlas bench-concurrency bench-bulk bench-dashboard bench-records
bench-import: setup
	$(PY) bench/bench_import.py
bench-rules: setup
	$(PY) bench/bench_rules.py
bench-dock: setup
	$(PY) bench/bench_dock_step.py
bench-bulk: setup
	$(PY) bench/bench_bulk.py
# both use bench-dock's workspaces (build/bench_dock/): run make bench-dock once first
bench-dashboard: setup
	$(PY) bench/bench_dashboard.py
bench-records: setup
	$(PY) bench/bench_records.py
# audit check at ≈400k (50k patches, built once into build/bench_audit/) and ≈800k records beside the previous one
bench-audit: setup
	$(PY) bench/bench_audit.py
bench-ledger: setup
	$(PY) bench/bench_ledger.py
bench-atlas: setup
	$(PY) bench/bench_atlas.py
# starts a throw-away PostgreSQL cluster (postgresql-postgis from apt) unless --location pg:… is given
bench-concurrency: setup
	$(PY) bench/bench_concurrency.py
# pre-fill from reference layers vs native:intersection; data cached in build/bench_prefill/ (N=10000 while iterating)
N ?= 100000
bench-prefill: setup
	$(PY) bench/bench_prefill.py --n $(N)
# geopandas is a benchmark-only dependency, in its own venv so it never touches the plugin's numpy/pandas
GPD_PY := build/gpdvenv/bin/python
gpdvenv:
	test -x $(GPD_PY) || { /usr/bin/python3 -m venv --system-site-packages build/gpdvenv && \
	  build/gpdvenv/bin/pip install -q "geopandas==1.0.1" "pyogrio<0.11" "shapely==2.1.2"; }
bench-overlay: setup gpdvenv
	$(PY) bench/bench_overlay.py --geopandas-python $(GPD_PY)
# issue 15's table: builds the 1k/10k/100k workspaces, runs every bench above at its scale (each in its own process,
# with a time limit) and prints each row beside its anchor and target; also build/bench_results/scale.md.
# e.g. make bench-scale SCALE_ARGS="--quick --only dashboard,audit"   (or "--report-only": the table, no run)
SCALE_ARGS ?=
bench-scale: setup gpdvenv
	$(PY) bench/bench_scale.py $(SCALE_ARGS)

clean:
	rm -rf build .pkgroot $(DEMO_OUT)
