"""The review page in headless Chromium: correct a field, keep a phrase by selection, save, accept in one key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.review.labels import prediction_to_gold
from tests.review.browser import screenshot
from tests.review.samples import GOLD, records, write_jsonl

pytestmark = pytest.mark.browser

SELECT = """([phrase]) => {
  // select `phrase` in the page text as a reader would, across the highlight marks it may span
  const text = document.getElementById("text");
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let offset = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push([node, offset]);
    offset += node.textContent.length;
  }
  const at = text.textContent.indexOf(phrase);
  if (at < 0) return false;
  const locate = (position) => {
    for (const [node, start] of nodes) {
      if (position <= start + node.textContent.length) return [node, position - start];
    }
    return null;
  };
  const range = document.createRange();
  range.setStart(...locate(at));
  range.setEnd(...locate(at + phrase.length));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}"""


def gold_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def open_doc(page, server, doc_id: str) -> None:
    page.goto(f"{server.url}#doc={doc_id}")
    page.wait_for_selector("body[data-ready='1']")
    page.wait_for_selector(f"#doclist li.current[data-doc='{doc_id}']")


def test_correct_a_field_keep_a_selection_and_save(page, server, gold_path: Path, tmp_path: Path) -> None:
    write_jsonl(gold_path, GOLD)
    with gold_path.open("a", encoding="utf-8") as handle:
        handle.write('{"doc_id": "broken", "victim_count": 12\n')
    before = gold_lines(gold_path)
    open_doc(page, server, "acme-fuite")
    assert "gold line 3 is broken" in page.inner_text("#problems")
    assert page.inner_text("#text mark.f-victim_count") == "12 000 clients"
    page.fill("#f-victim_count", "15000")
    page.select_option("#f-victim_unit", "persons")
    page.check("input[name=data_types][value=name]")
    page.click("#add-company")
    page.locator("#f-company li input.value").last.fill("Acme SAS")
    page.fill("#f-incident_date", "2024-03")
    page.click("#add-penalty")
    page.locator("#f-penalties .amount").last.fill("75000")
    page.locator("#f-penalties .currency").last.fill("eur")
    page.locator("#text").click(position={"x": 5, "y": 5})  # focus leaves the inputs, as a reader's would
    assert page.evaluate(SELECT, ["ont été volées le 3 mars 2024"])
    page.keyboard.press("k")
    assert page.inner_text("#f-keep li .value") == "ont été volées le 3 mars 2024"
    screenshot(page, tmp_path, "review.png")
    page.keyboard.press("s")
    page.wait_for_selector("#message.ok:has-text('saved acme-fuite')")
    after = gold_lines(gold_path)
    assert after[:3] == before  # every earlier line, the broken one included, in place
    saved = json.loads(after[3])
    assert saved == {"doc_id": "acme-fuite", "is_incident": True, "company": ["Acme", "Acme SAS"],
                     "date": "2024-03-10", "incident_date": "2024-03", "data_types": ["name", "email"],
                     "victim_count": 15000, "victim_unit": "persons", "cause": ["cyberattack"],
                     "penalties": [[75000, "EUR"]], "keep": ["ont été volées le 3 mars 2024"], "drop": []}
    # the kept phrase is now outlined in the text (two pieces: the date inside it is also evidence)
    kept = page.eval_on_selector_all("#text mark.f-keep", "marks => marks.map(m => m.textContent).join('')")
    assert kept == "ont été volées le 3 mars 2024"


def test_accept_prediction_is_one_key_press(page, server, gold_path: Path) -> None:
    write_jsonl(gold_path, GOLD)
    open_doc(page, server, "beta-amende")
    presses = 0
    page.keyboard.press("a")
    presses += 1
    page.wait_for_selector("#doclist li.current[data-doc='conseils-mots-de-passe']")  # moved on to the next one
    assert presses == 1
    saved = {json.loads(line)["doc_id"]: json.loads(line) for line in gold_lines(gold_path)}
    beta = records()[1]
    assert saved["beta-amende"] == prediction_to_gold(beta, GOLD[0])  # keep/drop phrases of the old gold stay
    assert [json.loads(line)["doc_id"] for line in gold_lines(gold_path)] == ["beta-amende", "conseils-mots-de-passe"]


def test_bad_input_is_a_message_in_the_page(page, server, gold_path: Path) -> None:
    open_doc(page, server, "acme-fuite")
    page.goto(f"{server.url}#doc=nope")
    page.reload()
    page.wait_for_selector("#message.error")
    assert "unknown doc_id 'nope'" in page.inner_text("#message")
    page.fill("#f-incident_date", "2024-02-30")
    page.locator("#text").click(position={"x": 5, "y": 5})
    page.keyboard.press("s")
    page.wait_for_selector("#message.error:has-text('no day 30')")
    assert "Traceback" not in page.content()
    assert not gold_path.exists() or "acme-fuite" not in gold_path.read_text(encoding="utf-8")


def test_filters_in_the_page(page, server, gold_path: Path) -> None:
    write_jsonl(gold_path, GOLD)
    open_doc(page, server, "acme-fuite")
    page.select_option("#filter", "errors")
    page.wait_for_function("document.querySelectorAll('#doclist li').length === 1")
    assert page.inner_text("#doclist li") .startswith("beta-amende")
    page.select_option("#filter", "no_gold")
    page.wait_for_function("document.querySelector('#doclist li').dataset.doc === 'acme-fuite'")


TWO_TABS = """async ([tab, count, ids]) => {
  for (let i = 0; i < count; i++) {
    const id = ids[i % ids.length];
    const response = await fetch(`/api/gold?id=${encodeURIComponent(id)}`, {method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({victim_count: tab * 1000 + i, keep: [`tab ${tab}`]})});
    if (!response.ok) return `tab ${tab} save ${i}: ${response.status}`;
  }
  return "ok";
}"""


def test_200_saves_from_two_tabs(browser, server, gold_path: Path) -> None:
    gold_path.write_text('{"doc_id": "kept-first"}\n{"doc_id": broken\n', encoding="utf-8")
    context = browser.new_context()
    tabs = [context.new_page(), context.new_page()]
    for tab in tabs:
        tab.goto(server.url)
        tab.wait_for_selector("body[data-ready='1']")
    ids = [record["doc_id"] for record in records()]
    for number, tab in enumerate(tabs):  # both loops run at once in the browser
        tab.evaluate(f"() => {{ window.result = ({TWO_TABS})([{number}, 100, {json.dumps(ids)}]); }}")
    results = [tab.evaluate("window.result") for tab in tabs]
    context.close()
    assert results == ["ok", "ok"]
    lines = gold_lines(gold_path)
    assert lines[:2] == ['{"doc_id": "kept-first"}', '{"doc_id": broken']
    saved = [json.loads(line) for line in lines[2:]]
    assert sorted(item["doc_id"] for item in saved) == sorted(ids)
    assert all(item["keep"] in (["tab 0"], ["tab 1"]) for item in saved)
