"""Identity of the outputs: the records, error rows and SQL rows of raw/, the seeds and the real HTML pages
(when ../shared is present) are those pinned in tests/snapshots/outputs.json. A change meant to alter them
re-pins with ``python -m pipeline.snapshot --update`` (``make snapshot-update``) and says why in its commit;
a refactoring or a speed-up must leave them identical."""

from __future__ import annotations

from pipeline.settings import load_options
from pipeline.snapshot import differences, digest, output_sets


def test_outputs_are_identical_to_the_snapshot() -> None:
    from pipeline.snapshot import check

    found = check(output_sets(), load_options())
    assert "raw" in found
    assert {name: keys[:20] for name, keys in found.items() if keys} == {}, (
        "outputs changed: if meant, re-pin with `make snapshot-update` and say why in the commit")


def test_digests_ignore_run_metadata_and_where_the_checkout_lives() -> None:
    one = {"doc_id": "a", "pipeline_version": "1", "source": {"path": "/work/main/raw/a.txt"}, "company": "X"}
    other = {"doc_id": "a", "pipeline_version": "2", "source": {"path": "/tmp/clone/raw/a.txt"}, "company": "X"}
    assert digest(one) == digest(other)
    assert digest(one) != digest({**one, "company": "Y"})


def test_differences_name_changed_new_and_lost_outputs() -> None:
    assert differences({"record:a": "1", "record:b": "2"}, {"record:a": "1", "record:b": "3", "record:c": "4"}) == [
        "record:b", "record:c"]
    assert differences({"record:a": "1"}, {}) == ["record:a"]
