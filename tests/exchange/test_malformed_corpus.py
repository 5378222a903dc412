"""Every malformed batch is refused with a message naming file (row, field) — and the workspace stays
byte-for-byte as it was."""
import datetime as dt
import hashlib

import pytest

from wpzf.exchange.importer import BatchMeta, import_batch
from wpzf.store import create_workspace
from wpzf.tests.exchange.corpus import CASES, build, good_rows, write_shp

META = BatchMeta("部级", dt.date(2021, 5, 6), 2021)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def workspace(tmp_path):
    """A workspace that already holds one good batch."""
    ws = create_workspace(tmp_path / "ws.gpkg")
    good = write_shp(tmp_path / "good.shp", good_rows(5))
    assert import_batch(ws, good, META, save=False).ok
    yield ws
    ws.close()


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_corpus_is_large_enough(corpus):
    assert len(CASES) >= 15 and sorted(corpus) == sorted(CASES)


@pytest.mark.parametrize("case_name", CASES)
def test_malformed_batch_is_refused_cleanly(corpus, workspace, case_name):
    path, expected, row = corpus[case_name]
    before_file = digest(workspace.path)
    before_counts = workspace.row_counts()
    report = import_batch(workspace, path, BatchMeta("部级", dt.date(2021, 6, 6), 2021, code=f"bad_{case_name}"))
    assert not report.ok
    assert report.errors, report.text()
    text = report.text()
    assert expected in text, text
    first = report.errors[0]
    assert first.file, "every problem names its file"
    if row is not None:
        assert any(p.row == row for p in report.errors), text
    assert workspace.row_counts() == before_counts
    assert digest(workspace.path) == before_file
    assert workspace.verify_audit().ok
    assert report.saved_to and "NOT imported" in open(report.saved_to, encoding="utf-8").read()
