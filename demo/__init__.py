"""The demo county (代县-like): a deterministic generator of everything a WPZF demo needs.

``python -m wpzf.demo.build --out DIR`` writes administrative boundaries, a 三调-style land-use
layer with basic farmland, before/after imagery, a Ministry (部级) shapefile batch in GBK, a
province (省级) GeoPackage batch, geotagged field photos, the generator's ground truth and a
manifest. Nothing is downloaded; a fixed seed gives the same vector outputs on every run.

This package is a development tool: it is not shipped in the plugin zip and may use GDAL/OGR,
numpy, shapely and qgis.core directly.
"""
