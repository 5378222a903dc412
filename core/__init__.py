"""The domain in pure Python (shapely, pandas, stdlib): no Qt, no qgis imports."""
