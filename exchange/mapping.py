"""Field mappings: which source field feeds which workspace field, saved as named JSON profiles.

Schemas vary by year and province, so a user edits a profile and saves it under a name; the default
profile knows the Ministry's pinyin codes (DOMAIN.md §6) and a few common province variants.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..i18n import tr
from ..store.schema import PATCH

BUILTIN_DIR = Path(__file__).with_name("profiles")
DEFAULT_PROFILE = "ministry_default"

# Workspace fields an import may fill, with their value kind.
TARGET_KINDS = {
    "JCBH": "text", "XZQDM": "text", "XMC": "text", "XZDM": "text", "XZMC": "text", "CDM": "text",
    "CMC": "text", "TBLX": "text", "QSX": "text", "HSX": "text", "XFSJ": "date", "JCMJ": "real",
    "GDMJ": "real", "YJJBNTMJ": "real", "NYDMJ": "real", "JSYDMJ": "real", "WLYDMJ": "real", "LZB": "real",
    "BZB": "real", "SFSK": "text", "BZ": "text",
}


@dataclass
class TargetRule:
    sources: list[str]           # candidate source field names, first present wins (case-insensitive)
    required: bool = False


@dataclass
class FieldMapping:
    name: str
    title: str = ""
    targets: dict[str, TargetRule] = field(default_factory=dict)

    def resolve(self, source_fields: list[str]) -> tuple[dict[str, str], list[str]]:
        """{target code: source field} for this file, and the required targets it cannot fill."""
        by_upper = {f.upper(): f for f in source_fields}
        chosen, missing = {}, []
        for target, rule in self.targets.items():
            hit = next((by_upper[s.upper()] for s in rule.sources if s.upper() in by_upper), None)
            if hit is not None:
                chosen[target] = hit
            elif rule.required:
                missing.append(target)
        return chosen, missing

    def to_json(self) -> str:
        data = {"name": self.name, "title": self.title,
                "targets": {k: {"sources": v.sources, "required": v.required} for k, v in self.targets.items()}}
        return json.dumps(data, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str, origin: str = "profile") -> FieldMapping:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValueError(tr("{origin}: not valid JSON ({error})").format(origin=origin, error=e)) from None
        if not isinstance(data, dict) or not isinstance(data.get("targets"), dict):
            raise ValueError(tr("{origin}: a mapping profile needs a 'targets' object").format(origin=origin))
        targets = {}
        for code, spec in data["targets"].items():
            if code not in TARGET_KINDS:
                raise ValueError(tr("{origin}: '{code}' is not a workspace field an import can fill (known: "
                                    "{known})").format(origin=origin, code=code, known=", ".join(TARGET_KINDS)))
            sources = spec.get("sources") if isinstance(spec, dict) else spec
            if isinstance(sources, str):
                sources = [sources]
            if not sources or not all(isinstance(s, str) and s for s in sources):
                raise ValueError(tr("{origin}: target '{code}' needs a list of source field names").format(
                    origin=origin, code=code))
            targets[code] = TargetRule(list(sources), bool(spec.get("required", False))
                                       if isinstance(spec, dict) else False)
        if "JCBH" not in targets:
            raise ValueError(tr("{origin}: the profile must map 监测编号 (JCBH)").format(origin=origin))
        targets["JCBH"].required = True
        return cls(str(data.get("name") or "unnamed"), str(data.get("title") or ""), targets)

    def alias(self, target: str) -> str:
        return PATCH.field(target).alias


_NAME_RE = re.compile(r"^[\w\-\u4e00-\u9fff]{1,60}$")


class ProfileStore:
    """Built-in profiles (read-only, shipped) plus the user's own in a folder."""

    def __init__(self, user_dir: Optional[Path] = None):
        self.user_dir = Path(user_dir) if user_dir else None

    def names(self) -> list[str]:
        names = sorted(p.stem for p in BUILTIN_DIR.glob("*.json"))
        if self.user_dir and self.user_dir.is_dir():
            names += sorted(p.stem for p in self.user_dir.glob("*.json") if p.stem not in names)
        return names

    def load(self, name: str = DEFAULT_PROFILE) -> FieldMapping:
        for folder in ([self.user_dir] if self.user_dir else []) + [BUILTIN_DIR]:
            p = folder / f"{name}.json"
            if p.exists():
                return FieldMapping.from_json(p.read_text("utf-8"), str(p))
        raise KeyError(tr("no mapping profile named '{name}'").format(name=name))

    def save(self, mapping: FieldMapping) -> Path:
        if not self.user_dir:
            raise ValueError(tr("no folder for user profiles is configured"))
        if not _NAME_RE.match(mapping.name):
            raise ValueError(tr("'{name}' cannot be a profile name (letters, digits, - and _ only)").format(
                name=mapping.name))
        if (BUILTIN_DIR / f"{mapping.name}.json").exists():
            raise ValueError(tr("'{name}' is a built-in profile; save under another name").format(name=mapping.name))
        self.user_dir.mkdir(parents=True, exist_ok=True)
        path = self.user_dir / f"{mapping.name}.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(mapping.to_json(), "utf-8")
        tmp.replace(path)
        return path
