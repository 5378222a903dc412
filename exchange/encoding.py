"""Which text encoding a shapefile's DBF uses: honour .cpg, else the DBF language id, else detect.

Ministry and province batches are often GBK with no .cpg; some tools write UTF-8. We decide from the
bytes themselves and refuse to guess when neither reading gives plausible Chinese.
"""
from __future__ import annotations

import codecs
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..i18n import tr
from .errors import InputError, Problem

_CPG_ALIASES = {
    "UTF8": "utf-8", "UTF-8": "utf-8", "65001": "utf-8",
    "GBK": "gbk", "CP936": "gbk", "936": "gbk", "GB2312": "gbk", "GB18030": "gb18030", "54936": "gb18030",
    "BIG5": "big5", "950": "big5", "1252": "cp1252", "CP1252": "cp1252", "LATIN1": "latin-1",
    "ISO-8859-1": "latin-1", "ISO88591": "latin-1", "ASCII": "ascii",
}
# DBF language driver ids that name a Chinese code page.
_LDID = {0x4D: "gbk", 0x7A: "gbk", 0x78: "big5", 0x4F: "big5"}


@dataclass
class DbfField:
    name: str
    type: str
    length: int
    offset: int  # within the record, after the deletion flag


@dataclass
class DbfInfo:
    n_records: int
    header_len: int
    record_len: int
    ldid: int
    fields: list[DbfField]


def read_dbf_header(path: Path) -> DbfInfo:
    data = b""
    if path.exists():
        with open(path, "rb") as fh:  # the header only: a batch's DBF can be hundreds of MB
            data = fh.read(65536)
    name = path.name
    if len(data) < 32:
        raise InputError(Problem(name, tr("the attribute table (.dbf) is empty or truncated")))
    n, header_len, record_len = struct.unpack_from("<IHH", data, 4)
    fields, pos, offset = [], 32, 1
    while pos + 32 <= min(header_len, len(data)) and data[pos] != 0x0D:
        raw = data[pos:pos + 11].split(b"\x00", 1)[0]
        fname = raw.decode("ascii", "replace").strip()
        ftype = chr(data[pos + 11])
        flen = data[pos + 16]
        fields.append(DbfField(fname, ftype, flen, offset))
        offset += flen
        pos += 32
    if not fields or offset != record_len:
        raise InputError(Problem(name, tr("the attribute table (.dbf) header is damaged (fields add up to {offset} bytes, "
                                          "the header says {length})").format(offset=offset, length=record_len)))
    size = path.stat().st_size
    needed = header_len + n * record_len
    if size < needed:
        have = max(0, (size - header_len) // record_len)
        raise InputError(Problem(name, tr("the attribute table (.dbf) is truncated: the header announces {n} records but "
                                          "only {have} are present").format(n=n, have=have)))
    return DbfInfo(n, header_len, record_len, data[29], fields)


def _text_cells(path: Path, info: DbfInfo):
    """(row, field name, raw bytes) of each distinct non-ASCII character cell of each field, at the first row
    holding it, in row order, found with numpy over all rows. Every check made of a cell depends on its bytes
    only, so a value met again (a township's name on every row) is checked once and a problem still names
    the first row that has it."""
    import numpy as np

    text_fields = [f for f in info.fields if f.type == "C"]
    if not text_fields or not info.n_records:
        return
    data = np.fromfile(path, dtype=np.uint8, count=info.header_len + info.n_records * info.record_len)
    recs = data[info.header_len:].reshape(info.n_records, info.record_len)
    for f in text_fields:
        block = recs[:, f.offset:f.offset + f.length]
        rows = np.flatnonzero((block >= 0x80).any(axis=1))
        if not len(rows):
            continue
        cells = np.ascontiguousarray(block[rows]).view(np.dtype((np.void, f.length))).ravel()
        _, first = np.unique(cells, return_index=True)
        for i in rows[np.sort(first)]:
            yield int(i) + 1, f.name, block[i].tobytes().rstrip(b" \x00")


def _looks_like_mojibake(text: str) -> bool:
    """UTF-8 that decodes but reads as Latin-1 accents (GBK bytes passed through a Latin-1 step)."""
    latin = sum(1 for ch in text if "\u0080" <= ch <= "\u00ff")
    return latin > 0 and latin >= 0.3 * sum(1 for ch in text if not ch.isascii())


def _gbk_plausible(text: str) -> bool:
    """GBK text from a Chinese office stays within GB2312 (common characters) almost entirely."""
    non_ascii = [ch for ch in text if not ch.isascii()]
    if not non_ascii:
        return True
    common = 0
    for ch in non_ascii:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.97 * len(non_ascii)


@dataclass
class EncodingChoice:
    codec: str     # a Python codec name
    source: str    # "cpg", "ldid", "detected", "ascii", "user"
    note: str = ""


def _check_all(path: Path, info: DbfInfo, codec: str, why: str, cells=None) -> None:
    """Every non-ASCII text cell (``cells``, when already read) decodes with ``codec``."""
    if cells is None:
        cells = _text_cells(path, info)
    for row, field, raw in cells:
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            raise InputError(Problem(path.name, tr("text is not valid {codec} although {why}; fix the .cpg or choose the "
                                                   "encoding").format(codec=codec, why=why), row=row, field=field)) from None


def choose_encoding(dbf_path: str | Path, user_codec: Optional[str] = None) -> EncodingChoice:
    path = Path(dbf_path)
    info = read_dbf_header(path)
    if user_codec:
        codec = codecs.lookup(user_codec).name
        _check_all(path, info, codec, tr("it was chosen for this import"))
        return EncodingChoice(codec, "user")
    cpg = path.with_suffix(".cpg")
    if not cpg.exists():
        cpg = path.with_suffix(".CPG")
    if cpg.exists():
        label = cpg.read_text("ascii", "replace").strip().upper()
        codec = _CPG_ALIASES.get(label.replace(" ", ""))
        if codec is None:
            try:
                codec = codecs.lookup(label).name
            except LookupError:
                raise InputError(Problem(cpg.name, tr("unknown code page '{label}' in the .cpg file").format(label=label))) from None
        _check_all(path, info, codec, tr("the .cpg says {label}").format(label=label))
        return EncodingChoice(codec, "cpg", f".cpg: {label}")
    cells = list(_text_cells(path, info))
    if not cells:
        return EncodingChoice("utf-8", "ascii", tr("all text is ASCII"))
    if info.ldid in _LDID:
        codec = _LDID[info.ldid]
        _check_all(path, info, codec, tr("the DBF language id 0x{ldid:02X} says {codec}").format(
            ldid=info.ldid, codec=codec), cells)
        return EncodingChoice(codec, "ldid", f"DBF language id 0x{info.ldid:02X}")
    not_utf8 = None  # first cell that is not UTF-8
    for row, field, raw in cells:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            not_utf8 = (row, field)
            break
    if not_utf8 is None:
        for row, field, raw in cells:
            text = raw.decode("utf-8")
            if "\ufffd" in text or _looks_like_mojibake(text):
                raise InputError(Problem(path.name, tr("text decodes as UTF-8 but reads as garbled characters ('{sample}'); the "
                                                       "file was probably converted wrongly before — ask the sender "
                                                       "for the original or choose the encoding").format(
                                                        sample=text[:20]), row=row, field=field))
        return EncodingChoice("utf-8", "detected", tr("text is valid UTF-8"))
    for row, field, raw in cells:
        try:
            t = raw.decode("gb18030")
            why = None if _gbk_plausible(t) else tr("read as GBK, row {row} field {field} gives unusual characters "
                                                    "('{sample}')").format(row=row, field=field, sample=t[:20])
        except UnicodeDecodeError:
            why = tr("row {row} field {field} is not valid GBK either").format(row=row, field=field)
        if why:
            raise InputError(Problem(path.name, tr("cannot tell the text encoding: not UTF-8, and {why}; add a .cpg "
                                                   "file or choose the encoding").format(why=why),
                                     row=not_utf8[0], field=not_utf8[1]))
    return EncodingChoice("gb18030", "detected", tr("text is not UTF-8 and reads as GBK Chinese"))
