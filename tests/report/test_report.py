"""The HTML report: self-contained, every set side by side, per-code results, every error with its evidence."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.review.labels import prediction_to_gold
from tests.review.browser import screenshot
from tests.review.samples import GOLD, records, write_jsonl

EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']?(https?:|//)|<link\b|@import|url\(\s*["']?https?:""", re.IGNORECASE)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("report")
    predicted = write_jsonl(folder / "records.jsonl", records())
    gold = write_jsonl(folder / "gold.jsonl", GOLD)
    perfect = write_jsonl(folder / "perfect.jsonl", [prediction_to_gold(record) for record in records()])
    earlier = folder / "earlier.json"
    path = folder / "report.html"
    with contextlib.redirect_stdout(io.StringIO()) as out:
        main(["evaluate", "--gold", str(perfect), "--pred", str(predicted), "--json"])
    earlier.write_text(out.getvalue(), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["evaluate", "--gold", str(gold), "--pred", str(predicted), "--title", "hand gold",
                     "--gold", str(perfect), "--pred", str(predicted), "--title", "accepted gold",
                     "--compare", str(earlier), "--html", str(path)])
    assert code == 0
    return path


def test_report_is_self_contained(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "<script src" not in html
    assert html.count("<svg") >= 4  # fields, boilerplate, per-code charts


def test_sets_side_by_side_and_per_code(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    for title in ("hand gold", "accepted gold", "earlier (earlier)"):
        assert f">{title}</th>" in html
    cause = re.search(r'<table class="code-table" data-field="cause">.*?</table>', html, re.S).group(0)
    row = re.search(r"<tr><td>human_error</td><td>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td>", cause)
    assert row.groups() == ("0", "1", "0")  # missed once, never found nor invented


def test_no_errors_option_hides_errors(tmp_path: Path) -> None:
    predicted = write_jsonl(tmp_path / "records.jsonl", records())
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD)
    path = tmp_path / "report.html"
    assert main(["evaluate", "--gold", str(gold), "--pred", str(predicted), "--no-errors", "--html", str(path)]) == 0
    html = path.read_text(encoding="utf-8")
    assert "Errors of this set are not shown" in html and 'class="error-doc"' not in html


def test_mismatched_pairs_are_a_usage_error(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD)
    assert main(["evaluate", "--gold", str(gold), "--gold", str(gold), "--pred", str(gold)]) == 2


@pytest.mark.browser
def test_report_in_the_browser(page, report: Path, tmp_path: Path) -> None:
    requested: list[str] = []
    page.route("**/*", lambda route: (requested.append(route.request.url), route.continue_()))
    page.context.set_offline(True)
    page.goto(report.as_uri())
    assert [url for url in requested if not url.startswith("file:")] == []
    charts = page.locator("figure.chart")
    assert charts.count() >= 4
    for index in range(charts.count()):
        box = charts.nth(index).locator("svg").bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
        assert charts.nth(index).locator(".mark-rect path").count() > 0  # bars drawn
    fields_chart = page.locator("figure[data-chart=fields]").inner_text()
    assert "victim_count" in fields_chart and "incident_date" in fields_chart
    screenshot(page, tmp_path, "report.png")
    beta = page.locator("section[data-set='hand gold'] details[data-doc='beta-amende']")
    beta.locator("summary").click()
    mark = beta.locator("mark.f-victim_count")
    assert mark.is_visible() and mark.inner_text() == "500 clients"
    row = beta.locator("tr[data-field=victim_count]")
    assert row.locator(".gold").inner_text() == "5000" and row.locator(".pred").inner_text() == "500"
    assert beta.locator("mark.f-drop").inner_text() == "La CNIL inflige"
    assert "human_error" in beta.locator("tr[data-field=cause] .gold").inner_text()
    page.select_option("#error-filter", "cause")
    assert page.locator("details.error-doc:not([hidden])").count() == 1
    beta.scroll_into_view_if_needed()
    screenshot(page, tmp_path, "report-error.png")
