"""Charts of the report: Vega-Altair specifications rendered to inline SVG by vl-convert (no network, no JS)."""

from __future__ import annotations

import logging
from typing import Any

import altair as alt

from pipeline.evaluate import FIELDS

log = logging.getLogger(__name__)

OUTCOME_COLOURS = {"found (TP)": "#43a047", "missed (FN)": "#fb8c00", "invented (FP)": "#e53935"}
BAR_STEP = 14
FACET_WIDTH = 78  # wide enough for the longest field name under its column
FIELD_ORDER = list(FIELDS)


def render_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as an SVG string (vl-convert runs Vega in-process)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_json())


def fields_chart(rows: list[dict[str, Any]]) -> str:
    """Precision, recall and F1 per field, one bar per set."""
    if not rows:
        return ""
    data = alt.Data(values=rows)
    chart = alt.Chart(data).mark_bar().encode(
        x=alt.X("set:N", title=None, axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("set:N", title="set", legend=alt.Legend(orient="bottom", labelLimit=400)),
        column=alt.Column("field:N", title=None, sort=FIELD_ORDER, header=alt.Header(labelFontSize=11)),
        row=alt.Row("metric:N", title=None, sort=["precision", "recall", "F1"]),
        tooltip=["set:N", "field:N", "metric:N", alt.Tooltip("value:Q", format=".3f")],
    ).properties(width=FACET_WIDTH, height=70, title="Precision, recall and F1 per field")
    return render_svg(chart)


def code_chart(results: list[Any], title: str) -> str:
    """For each code: how often it was found, missed and invented (stacked bars)."""
    rows = [{"code": r.code, "outcome": outcome, "count": count}
            for r in results for outcome, count in
            (("found (TP)", r.tp), ("missed (FN)", r.fn), ("invented (FP)", r.fp)) if count]
    if not rows:
        return ""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("code:N", title=None, sort=[r.code for r in results]),
        x=alt.X("count:Q", title="documents"),
        color=alt.Color("outcome:N", title=None, scale=alt.Scale(domain=list(OUTCOME_COLOURS),
                                                                range=list(OUTCOME_COLOURS.values())),
                        legend=alt.Legend(orient="bottom")),
        order=alt.Order("outcome:N"),
        tooltip=["code:N", "outcome:N", "count:Q"],
    ).properties(width=300, height=alt.Step(BAR_STEP), title=title)
    return render_svg(chart)


def boilerplate_chart(sets: list[Any]) -> str:
    """Keep-recall and drop-rate per set."""
    rows = []
    for item in sets:
        figures = item.metrics.get("boilerplate") or {}
        if not figures.get("keep_total") and not figures.get("drop_total"):
            continue
        rows += [{"set": item.title, "measure": "keep-recall", "value": figures.get("keep_recall", 1.0)},
                 {"set": item.title, "measure": "drop-rate", "value": figures.get("drop_rate", 1.0)}]
    if not rows:
        return ""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("set:N", title=None, axis=alt.Axis(labels=False, ticks=False)),
        y=alt.Y("value:Q", title=None, scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("set:N", legend=alt.Legend(orient="bottom", labelLimit=400)),
        column=alt.Column("measure:N", title=None),
        tooltip=["set:N", "measure:N", alt.Tooltip("value:Q", format=".3f")],
    ).properties(width=alt.Step(BAR_STEP * 2), height=90, title="Boilerplate: keep-recall and drop-rate")
    return render_svg(chart)
