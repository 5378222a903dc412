"""Create records serialized a column at a time (store.workspace.create_texts) are the very text the
per-row ``dumps`` gives, whatever the values hold (issue 15)."""
import json
import random

from wpzf.core.jsontext import dumps
from wpzf.store.audit_text import create_texts

TRICKY = ['a","b', 'x\\', '\\"', '","', "", "图斑,编号", 'q"', "line\nbreak", "\x00nul", "tab\t", "'", "{}", "[1,2]",
          "sha256:" + "ab" * 32]


def _per_row(names, cols):
    return [dumps({c: x for c, x in zip(names, v) if x is not None}) for v in zip(*cols)]


def test_column_serialization_matches_per_row_dumps():
    rnd = random.Random(7)
    n = 400
    cols = {
        "A_TEXT": [rnd.choice(TRICKY) for _ in range(n)],
        "B_TEXT_NONE": [rnd.choice(TRICKY + [None, None]) for _ in range(n)],
        "C_FLOAT": [rnd.uniform(-1e6, 1e6) for _ in range(n)],
        "D_INT_NONE": [rnd.choice([None, 0, -3, 2 ** 40]) for _ in range(n)],
        "E_MIXED": [rnd.choice([1, 2.5, "x,y", None, True]) for _ in range(n)],
        "F_BOOL": [rnd.choice([True, False]) for _ in range(n)],
        "G_ALL_NONE": [None] * n,
        "I_FLOAT_NAN": [rnd.choice([float("nan"), 0.1, 1e-300]) for _ in range(n)],
    }
    names = sorted(cols)
    got = create_texts(names, [cols[c] for c in names])
    assert got == _per_row(names, [cols[c] for c in names])
    assert json.loads(got[0]).keys() <= set(names)
    # Integers beyond 64 bits are encoded cell by cell (by the standard library, as dumps does).
    huge = [rnd.choice([2 ** 70, 1, None]) for _ in range(n)]
    assert create_texts(["A_TEXT", "H_HUGE"], [cols["A_TEXT"], huge]) == _per_row(["A_TEXT", "H_HUGE"],
                                                                                  [cols["A_TEXT"], huge])


def test_a_single_row_and_a_single_string():
    assert create_texts(["K"], [['a","b']]) == [dumps({"K": 'a","b'})]
    assert create_texts(["K", "L"], [[None], [None]]) == ["{}"]


def test_nulls_kept_as_the_verbatim_source_rows_need():
    """exchange/importer._verbatim_rows writes every source field, None as null, in the file's order."""
    fields = ["监测编号", "B", "A"]
    cols = [["P1", None, 'x","y'], [None, None, None], [1.5, 2, None]]
    want = [dumps(dict(zip(fields, row))) for row in zip(*cols)]
    assert create_texts(fields, cols, nulls=True) == want
    assert want[1] == '{"监测编号":null,"B":null,"A":2}'


def test_update_record_text_is_the_canonical_text():
    """update_many serializes its {field: [old, new]} records with the accelerator where that gives the very
    text core.audit.canonical gives (update() writes): every character, integers, booleans, None."""
    from wpzf.core.audit import canonical
    from wpzf.store.audit_text import _canonical_text

    rnd = random.Random(11)
    alphabet = [chr(c) for c in range(0, 0x250)] + list("图斑监测编号\u2028\u2029\ufeff😀") + ['"', "\\", "/"]
    for _ in range(500):
        diff = {}
        for k in rnd.sample(["ZT", "PDJG", "XZMC", "B", "a", "Z1", "图"], 3):
            pick = [None, True, False, 0, -7, 2 ** 62, 2 ** 80, "".join(rnd.choice(alphabet) for _ in range(8))]
            diff[k] = [rnd.choice(pick), rnd.choice(pick)]
        assert _canonical_text(diff) == canonical(diff)
    assert _canonical_text({"GDMJ": [1e-05, 2.0]}) == canonical({"GDMJ": [1e-05, 2.0]})
