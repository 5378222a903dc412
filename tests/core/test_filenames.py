from wpzf.core.filenames import safe_stem, unique_stems


def test_safe_stem():
    assert safe_stem("1409232021050001") == "1409232021050001"
    assert safe_stem("代自然资函〔2021〕702号") == "代自然资函_2021_702号"
    assert safe_stem("../../etc/passwd") == "etc_passwd"
    assert safe_stem("CON") == "_CON" and safe_stem("") == "file" and safe_stem(None, "patch") == "patch"


def test_distinct_keys_never_share_a_file():
    keys = ["a/b", "a_b", "A_B", "x", "x?", "1409232021050001"]
    stems = unique_stems(keys)
    assert len({s.lower() for s in stems.values()}) == len(keys)
    # of the keys that are their own clean form, the first in sorted order keeps it; the others carry a digest
    assert stems["A_B"] == "A_B" and stems["a_b"].startswith("a_b_") and stems["a/b"].startswith("a_b_")
    assert stems["x"] == "x" and stems["x?"].startswith("x_") and stems["1409232021050001"] == "1409232021050001"
    assert unique_stems(["a/b"]) == {"a/b": "a_b"}   # alone, a key keeps its clean form
    assert unique_stems(["a/b", "a_b"]) == unique_stems(["a_b", "a/b"])  # the same names in any order
