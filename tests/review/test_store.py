"""The gold store: lines never lost or reordered, own line replaced, broken lines kept, concurrent saves safe."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from pipeline.review.store import GoldStore

BROKEN = '{"doc_id": "cut-by-hand", "is_incident": tr'
LATIN1 = b'{"doc_id": "latin1", "company": ["Soci\xe9t\xe9"]}'  # not UTF-8: kept byte for byte


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()


def test_save_replaces_own_line_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_bytes(b'{"doc_id": "a", "victim_count": 1}\n' + BROKEN.encode() + b"\n" + LATIN1 + b'\n\n'
                     b'{"doc_id": "b", "victim_count": 2}\n')
    before = path.read_bytes().splitlines()
    store = GoldStore(path)
    assert [line.number for line in store.broken()] == [2, 3]
    result = store.save({"doc_id": "a", "victim_count": 10})
    assert (result.line, result.replaced) == (1, True)
    result = store.save({"doc_id": "c", "victim_count": 3})
    assert (result.line, result.replaced, result.total_lines) == (6, False, 6)
    after = path.read_bytes().splitlines()
    assert after[1:5] == before[1:5]  # broken, undecodable and blank lines untouched, in place
    assert json.loads(after[0]) == {"doc_id": "a", "victim_count": 10}
    assert json.loads(after[5]) == {"doc_id": "c", "victim_count": 3}
    assert store.gold_by_id()["b"] == {"doc_id": "b", "victim_count": 2}


def test_save_creates_a_missing_file(tmp_path: Path) -> None:
    store = GoldStore(tmp_path / "new" / "gold.jsonl")
    store.save({"doc_id": "x", "keep": ["é"]})
    assert lines(store.path) == ['{"doc_id": "x", "keep": ["é"]}']
    assert store.path.stat().st_mode & 0o777 == 0o644
    assert not [p for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]


def test_200_concurrent_saves_lose_and_corrupt_nothing(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"doc_id": "first"}\n' + BROKEN + '\n{"doc_id": "last"}\n', encoding="utf-8")
    writers = [GoldStore(path), GoldStore(path)]  # two stores: the file lock, not only the thread lock, protects
    seen_bad: list[str] = []
    stop = threading.Event()

    def write(worker: int) -> None:
        for i in range(100):
            writers[worker].save({"doc_id": f"doc-{i % 25}", "victim_count": worker * 1000 + i, "by": worker})

    def read() -> None:
        while not stop.is_set():
            for raw in lines(path):
                if raw != BROKEN:
                    try:
                        json.loads(raw)
                    except ValueError:
                        seen_bad.append(raw)

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(w,)) for w in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    reader.join()
    final = lines(path)
    assert not seen_bad
    assert final[:3] == ['{"doc_id": "first"}', BROKEN, '{"doc_id": "last"}']
    ids = [json.loads(raw)["doc_id"] for raw in final[3:]]
    assert sorted(ids) == sorted(f"doc-{i}" for i in range(25))  # one line per document, none lost
    for raw in final[3:]:
        item = json.loads(raw)
        assert item["victim_count"] in {w * 1000 + i for w in (0, 1) for i in range(100) if i % 25 == int(
            item["doc_id"].split("-")[1])}
