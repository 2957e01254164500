"""The benchmark's corpus and one of its measurements (the timings themselves are for ``make bench``)."""

from __future__ import annotations

import hashlib

from pipeline.bench import generate, measure


def test_the_generated_corpus_is_half_big_html_half_small_text_dumps_all_different(tmp_path):
    corpus = generate(tmp_path / "corpus", 12)
    html = sorted((corpus / "html").iterdir())
    text = sorted((corpus / "text").iterdir())
    assert len(html) == len(text) == 6
    assert all(50 * 1024 <= p.stat().st_size <= 200 * 1024 for p in html)
    assert all(2 * 1024 <= p.stat().st_size <= 8 * 1024 for p in text)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in html + text}
    assert len(digests) == 12


def test_the_boilerplate_measurement_reads_every_page(tmp_path):
    corpus = generate(tmp_path / "corpus", 6)
    found = measure("boilerplate", corpus, 1, tmp_path / "out")
    assert found["pages"] == 6 and found["pages_s"] > 0 and found["peak_rss_mb"] > 0


def test_the_incident_measurement_groups_generated_records():
    from pipeline.bench import incident_records, measure_incidents

    records = incident_records(40)
    assert len({r["doc_id"] for r in records}) == 40
    found = measure_incidents((40, 80))
    assert found["incidents_40_incidents"] >= 10 and found["incidents_80_records_s"] > 0
