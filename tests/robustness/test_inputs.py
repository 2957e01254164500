"""Bad input: every input document ends as exactly one record or one error row, and the batch goes on.

Each case runs the whole local engine (readers, boilerplate, NLP, extraction, JSONL sink) on a directory
that holds the bad document *and* a good page read after it, so the tests also show the batch survives.
"""

from __future__ import annotations

import gzip
import io
import json
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.robustness.helpers import assert_each_once, outcomes, read_lines, run, with_limits, write
from tests.robustness.samples import FRENCH, NEUTRAL, html_page, paragraphs

pytestmark = pytest.mark.model

GOOD_PAGE = html_page(paragraphs(FRENCH), title="Fuite de données chez Telvia")
GOOD_ID = "zz-good-page"


def run_case(tmp_path: Path, processor, files: dict[str, bytes | str], options=None) -> dict[str, list[str]]:
    """Run on ``files`` plus a good page read last; return the outcomes, after checking the good page."""
    inputs = tmp_path / "in"
    for name, content in files.items():
        write(inputs / name, content)
    write(inputs / f"{GOOD_ID}.html", GOOD_PAGE)
    out = tmp_path / "out"
    summary = run(inputs, out, processor, options)
    found = outcomes(out)
    assert_each_once(found)
    assert found.pop(GOOD_ID) == ["record"], "the batch did not go on after the bad document"
    assert summary.read == len(found) + 1
    return found


def truncated(text: str, fraction: float = 0.5) -> str:
    return text[: int(len(text) * fraction)]


CASES = {
    "empty file": ({"empty.txt": b""}, {"empty": ["E102"]}),
    "whitespace-only page": ({"blank.html": " \n\t\r\n  \u00a0 \n"}, {"blank": ["E102"]}),
    "binary file named .html": ({"photo.html": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8},
                                {"photo": ["E103"]}),
    "markup without text": ({"shell.html": "<html><head><script>var a = 1;</script></head><body><div></div>"
                                           "</body></html>"}, {"shell": ["E202"]}),
    "corrupt gzip": ({"broken.txt.gz": gzip.compress(FRENCH.encode() * 20)[:-40]}, {"broken": ["E105"]}),
    "not gzip at all": ({"fake.html.gz": b"this is not a gzip stream at all"}, {"fake": ["E105"]}),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_bad_document_is_one_error_row_and_the_batch_goes_on(tmp_path, processor, case):
    files, expected = CASES[case]
    assert run_case(tmp_path, processor, files) == expected


@pytest.mark.parametrize("fraction", [0.1, 0.35, 0.6, 0.9])
def test_truncated_and_malformed_html_is_one_record_or_one_error(tmp_path, processor, fraction):
    page = html_page(paragraphs(FRENCH, 4), title="Fuite chez Telvia")
    malformed = ("<html><body><article><p>" + FRENCH + "<div><b><i>" + FRENCH + "</p></span></table>"
                 "<p <p>>" + FRENCH + "</article></body><body></html></html><p>" + FRENCH)
    found = run_case(tmp_path, processor, {"cut.html": truncated(page, fraction), "bad.html": malformed})
    assert set(found) == {"cut", "bad"}
    assert found["bad"] == ["record"]  # the parser repairs it: the text is still read


def test_a_20_mb_page_is_refused_in_seconds(tmp_path, processor):
    body = paragraphs(FRENCH, 1)
    page = html_page(body * (21 * 1024 * 1024 // len(body)))
    started = time.perf_counter()
    found = run_case(tmp_path, processor, {"huge.html": page})
    assert found == {"huge": ["E104"]}
    assert time.perf_counter() - started < 30


def test_a_page_just_under_the_size_limit_with_50000_elements_is_refused_in_seconds(tmp_path, processor):
    body = paragraphs(FRENCH, 1)
    page = html_page(body * (processor.options.limits.max_document_bytes // len(body.encode()) - 10))
    started = time.perf_counter()
    found = run_case(tmp_path, processor, {"many.html": page})
    assert found == {"many": ["E113"]}
    assert time.perf_counter() - started < 60  # trafilatura would need minutes


def test_100000_levels_of_nesting_are_refused(tmp_path, processor):
    page = "<html><body>" + "<div>" * 100_000 + paragraphs(FRENCH) + "</div>" * 100_000 + "</body></html>"
    unclosed = "<html><body>" + "<span><b>" * 50_000 + FRENCH
    started = time.perf_counter()
    found = run_case(tmp_path, processor, {"deep.html": page, "unclosed.html": unclosed})
    assert found == {"deep": ["E114"], "unclosed": ["E114"]}
    assert time.perf_counter() - started < 30


def test_a_million_line_text_dump_is_refused_in_seconds(tmp_path, processor):
    dump = "\n".join(f"l{i % 1000}" for i in range(1_000_000))  # 5 MB: under the size limit
    started = time.perf_counter()
    found = run_case(tmp_path, processor, {"journal.txt": dump})
    assert found == {"journal": ["E112"]}
    assert time.perf_counter() - started < 60


def test_a_long_text_dump_is_cut_not_lost(tmp_path, processor):
    dump = "".join(f"{NEUTRAL} ({i})\n" for i in range(10_000))  # 2 MB, 10,000 lines
    options = with_limits(processor.options, max_input_chars=500_000)
    found = run_case(tmp_path, processor, {"long.txt": dump}, options)
    assert found == {"long": ["record"]}


# -- encodings -------------------------------------------------------------------------------------------
WORDS = "Les données de 1 700 clients ont été dérobées à Noël, a précisé l'éditeur."
ARTICLE = f"{FRENCH} {WORDS} {FRENCH}"


def _page(charset: str | None) -> str:
    head = f'<meta charset="{charset}">' if charset else ""
    return (f"<html><head>{head}<title>Fuite de données à Noël</title></head><body><article>"
            f"<h1>Fuite de données à Noël</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>")


ENCODED = {
    "bom.html": b"\xef\xbb\xbf" + _page("utf-8").encode("utf-8"),
    "cp1252-declared.html": _page("windows-1252").encode("cp1252"),
    "latin1-declared.html": _page("iso-8859-1").encode("latin-1"),
    "cp1252-undeclared.html": _page(None).encode("cp1252"),
    "latin1-undeclared.txt": f"Fuite de données à Noël\n\n{ARTICLE}\n\n{ARTICLE}\n".encode("latin-1"),
    "mojibake.html": _page("utf8").encode("utf-8").decode("cp1252").encode("utf-8"),  # donnÃ©es
    "mixed-endings.txt": f"Fuite de données à Noël\r\n\r\n{ARTICLE}\r{ARTICLE}\n\r\n{ARTICLE}\r\n".encode(),
    "utf16.txt": f"Fuite de données à Noël\n\n{ARTICLE}\n".encode("utf-16"),
}


def test_every_encoding_gives_the_same_french_text(tmp_path, processor):
    inputs, out = tmp_path / "in", tmp_path / "out"
    for name, data in ENCODED.items():
        write(inputs / name, data)
    run(inputs, out, processor)
    records = {r["doc_id"]: r for r in read_lines(out / "records.jsonl")}
    assert sorted(records) == sorted(Path(name).stem for name in ENCODED)
    for doc_id, record in records.items():
        text = record["text"]
        assert "données de 1 700 clients ont été dérobées à Noël" in text, doc_id
        assert not any(sign in text for sign in ("Ã", "Â", "\ufffd", "\r")), doc_id
        assert record["language"] == "fr", doc_id


# -- dumps ----------------------------------------------------------------------------------------------
def test_jsonl_broken_lines_missing_fields_and_wrong_types(tmp_path, processor):
    good = {"id": "ok", "html": GOOD_PAGE.replace("Telvia", "Orvane")}
    lines = [
        json.dumps(good),
        '{"id": "cut", "text": "Le groupe a confirm',  # a line cut in the middle
        "not json at all",
        json.dumps(["a", "list"]),
        json.dumps({"id": "no-content", "url": "https://example.fr"}),
        json.dumps({"id": "number-html", "html": 42}),
        json.dumps({"id": "object-text", "text": {"fr": FRENCH}}),
        json.dumps({"id": "null-text", "text": None, "html": None}),
        json.dumps({"id": ["list", "id"], "text": FRENCH + " Premier."}),  # unusable id: the line number
        json.dumps({"id": "bad-url", "url": 12, "text": FRENCH + " Second."}),
        "[" * 100_000,  # RecursionError in json.loads
        '{"id": "digits", "n": ' + "7" * 5000 + "}",  # ValueError: too many digits
        json.dumps({"id": "nul\u0000id", "text": FRENCH + "\u0000 Troisième."}),
        json.dumps({"id": "lone\ud800surrogate", "text": FRENCH + " \ud800 Quatrième."}),
        '{"id": "bad-utf8", "text": "' + "é" * 10 + '"}',
    ]
    data = "\n".join(lines).encode("utf-8", "surrogatepass").replace("é".encode() * 10, b"\xe9\xff" * 10)
    found = run_case(tmp_path, processor, {"dump.jsonl": data + b"\n"})
    assert found == {
        "ok": ["record"], "dump#2": ["E107"], "dump#3": ["E107"], "dump#4": ["E108"], "no-content": ["E108"],
        "number-html": ["E108"], "object-text": ["E108"], "null-text": ["E108"], "dump#9": ["record"],
        "bad-url": ["record"], "dump#11": ["E107"], "dump#12": ["E107"], "nulid": ["record"],
        "lone?surrogate": ["record"], "dump#15": ["E107"],
    }


def test_gzip_bombs_stop_at_the_configured_limit(tmp_path, processor):
    zeros = io.BytesIO()
    with gzip.GzipFile(fileobj=zeros, mode="wb") as handle:
        for _ in range(64):  # 64 MB of zeros, 64 KB compressed
            handle.write(b"\x00" * (1 << 20))
    spaces = gzip.compress(b"<html><body><p>" + b" " * (30 << 20) + b"</p></body></html>")
    lines = gzip.compress(b"\n".join(json.dumps({"id": f"l{i}", "text": f"{NEUTRAL} ({i})", "pad": "x" * 50_000})
                                     .encode() for i in range(300)))  # 15 MB: the limit falls at line 100
    options = with_limits(processor.options, max_decompressed_bytes=5_000_000, max_document_bytes=2_000_000)
    found = run_case(tmp_path, processor, {"zeros.html.gz": zeros.getvalue(), "spaces.html.gz": spaces,
                                           "many.jsonl.gz": lines}, options)
    assert found.pop("zeros") == ["E106"] and found.pop("spaces") == ["E106"]
    bomb_rows = [doc_id for doc_id, codes in found.items() if codes == ["E106"]]
    assert len(bomb_rows) == 1  # the dump stops at the limit with one row ...
    assert len(found) > 50 and all(codes == ["record"] for doc_id, codes in found.items()
                                    if doc_id not in bomb_rows)  # ... after the lines read before it


def test_a_cut_gzip_dump_keeps_the_lines_before_the_cut(tmp_path, processor):
    lines = [json.dumps({"id": f"l{i}", "text": f"{FRENCH} Numéro {i}."}) for i in range(200)]
    data = gzip.compress("\n".join(lines).encode())
    found = run_case(tmp_path, processor, {"dump.jsonl.gz": data[: len(data) // 2]})
    errors = [doc_id for doc_id, codes in found.items() if codes == ["E105"]]
    assert errors == ["dump#corrupt"]
    assert 0 < len(found) - 1 < 200


def _warc(records: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    for uri, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    return buffer.getvalue()


def test_a_warc_cut_in_a_record_keeps_the_records_before(tmp_path, processor):
    pages = [(f"https://example.fr/{i}", html_page(paragraphs(f"{FRENCH} Page {i}.", 3)).encode())
             for i in range(4)]
    data = _warc(pages)
    found = run_case(tmp_path, processor, {"crawl.warc": data[: int(len(data) * 0.7)]})
    values = sorted(codes[0] for codes in found.values())
    assert values.count("E109") == 1 and set(values) == {"record", "E109"}
    assert len(found) == 3  # two whole records, then the cut one as E109: nothing after a cut is trusted


def test_the_same_document_twice_in_one_dump_is_written_once(tmp_path, processor):
    line = json.dumps({"id": "same", "text": FRENCH})
    found = run_case(tmp_path, processor, {"dump.jsonl": f"{line}\n{line}\n"})
    assert found == {"same": ["record"]}
    summary = run(tmp_path / "in", tmp_path / "again", processor)
    assert summary.repeats == 1 and summary.as_dict()["documents_read"] == 3
