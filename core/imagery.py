"""Which of a project's layers are a workspace's before (前时相) and after (后时相) imagery, its land survey (三调
DLTB) and basic farmland, when it has not been told: from the layers' names, sources and fields. Pure."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

BEFORE_WORDS = ("前时相", "前期", "before")
AFTER_WORDS = ("后时相", "后期", "after")


def guess_imagery(layers: Iterable[tuple[str, str]]) -> tuple[Optional[str], Optional[str]]:
    """(before id, after id) among raster layers given as (id, name): the first whose name says 前时相/before and
    the first that says 后时相/after; None where no name says so (never a guess between two unnamed images)."""
    before = after = None
    for layer_id, name in layers:
        low = str(name).lower()
        if before is None and any(w in low for w in BEFORE_WORDS):
            before = layer_id
        elif after is None and any(w in low for w in AFTER_WORDS):
            after = layer_id
    return before, after


FARMLAND_WORDS = ("jbnt", "基本农田")
SURVEY_WORDS = ("dltb", "地类图斑", "三调")


def _says(text: str, words) -> bool:
    low = str(text).lower()
    return any(w in low for w in words)


def guess_landsurvey(layers: Iterable[tuple[str, str, str, Iterable[str]]]) -> tuple[Optional[str], Optional[str]]:
    """(land survey id, basic farmland id) among polygon layers given as (id, name, source, field names): the land
    survey has a DLBM field and is not the farmland, a 三调 DLTB (田坎系数 KCXS, or DLTB in its name) before any
    other; the basic farmland is the layer whose name or source says 永久基本农田 / JBNT (it may carry DLBM too)."""
    survey, survey_rank, farmland = None, -1, None
    for layer_id, name, source, fields in layers:
        fields = {str(f).upper() for f in fields}
        if _says(name, FARMLAND_WORDS) or _says(source, FARMLAND_WORDS):
            farmland = farmland or layer_id
            continue
        if "DLBM" not in fields:
            continue
        rank = int("KCXS" in fields) + int(_says(name, SURVEY_WORDS) or _says(source, SURVEY_WORDS))
        if rank > survey_rank:
            survey, survey_rank = layer_id, rank
    return survey, farmland
