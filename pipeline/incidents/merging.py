"""One incident's fields from its articles.

- organisation: the spelling most articles use (ties: the longest), with every spelling seen;
- incident date: the most precise date that the most article dates agree with ("2022", "2022-03" and
  "2022-03-15" agree; the day wins);
- victim count: the exact figure beats rounded ones ("27 412" corrects "près de 30 000"; an outlet's
  final count is exact), then the figure most articles give, then the latest article's; the others are
  kept as ``alternatives``;
- data types and causes: the union, each with the number of articles that support it;
- penalties: one per amount, currency and authority (an article that names no authority agrees with one
  that does), with their support.

    >>> from pipeline.incidents.members import Member
    >>> def m(doc, date, count, published):
    ...     return Member(doc, "Dalmor", published, None, date, count, "persons", (), (), ())
    >>> i = merge([m("a", "2022-03", 30000, "2022-03-20"), m("b", "2022-03-14", 27412, "2022-04-02"),
    ...            m("c", "2022", 30000, "2022-03-21")])
    >>> i["incident_date"], i["victim_count"]["value"], [a["value"] for a in i["victim_count"]["alternatives"]]
    ('2022-03-14', 27412, [30000])
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from pipeline.incidents.members import Member
from pipeline.incidents.names import canonical_key


def merge(members: Sequence[Member]) -> dict[str, Any]:
    """The incident's merged fields (without its id and articles)."""
    return {
        "organisation": _organisation(members),
        "incident_date": merged_date([m.incident_date for m in members]),
        "victim_count": _victims(members),
        "data_types": _support([code for m in members for code in m.data_types]),
        "cause": _support([code for m in members for code in m.cause]),
        "penalties": _penalties(members),
    }


def _organisation(members: Sequence[Member]) -> dict[str, Any]:
    spellings = [m.company for m in members if m.company]
    if not spellings:
        return {"name": None, "key": None, "spellings": []}
    counts = Counter(spellings)
    name = max(counts, key=lambda s: (counts[s], len(s), s))
    return {"name": name, "key": canonical_key(name), "spellings": sorted(counts)}


def merged_date(dates: Sequence[str | None]) -> str | None:
    """The most precise date that at least half as many dates agree with (one is a prefix of the other)
    as the best supported one.

    >>> merged_date(["2021", "2021-02", "2021-02-15", "2021-03-01"]), merged_date([None, "2023"])
    ('2021-02-15', '2023')
    """
    known = [d for d in dates if d]
    if not known:
        return None
    agree = {d: sum(1 for o in known if o.startswith(d) or d.startswith(o)) for d in set(known)}
    top = max(agree.values())
    return max((d for d in agree if 2 * agree[d] >= top), key=lambda d: (len(d), agree[d], -known.index(d)))


def _victims(members: Sequence[Member]) -> dict[str, Any] | None:
    counted = [m for m in members if m.victim_count]
    if not counted:
        return None
    support = Counter(m.victim_count for m in counted)
    latest = {m.victim_count: m.published or "" for m in sorted(counted, key=lambda m: m.published or "")}
    best = max(support, key=lambda v: (-_roundness(v), support[v], latest[v]))
    unit = next(m.victim_unit for m in counted if m.victim_count == best)
    alternatives = [{"value": value, "articles": sorted(m.doc_id for m in counted if m.victim_count == value)}
                    for value in sorted(support) if value != best]
    return {"value": best, "unit": unit, "support": support[best], "alternatives": alternatives}


def _roundness(value: int) -> int:
    """Trailing zeros: 27 412 -> 0, 30 000 -> 4 (a rounded figure)."""
    text = str(int(value))
    return len(text) - len(text.rstrip("0"))


def _support(codes: Sequence[str]) -> list[dict[str, Any]]:
    counts = Counter(codes)
    return [{"code": code, "articles": counts[code]} for code in sorted(counts)]


def _penalties(members: Sequence[Member]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for member in members:
        for amount, currency, kind, authority in member.penalties:
            same = next((p for p in found if p["amount"] == amount and p["currency"] == currency
                         and (p["authority"] is None or authority is None or p["authority"] == authority)), None)
            if same is None:
                found.append({"amount": amount, "currency": currency, "kind": kind, "authority": authority,
                              "articles": [member.doc_id]})
            else:
                same["authority"] = same["authority"] or authority
                if member.doc_id not in same["articles"]:
                    same["articles"].append(member.doc_id)
    for penalty in found:
        penalty["amount"] = int(penalty["amount"]) if float(penalty["amount"]).is_integer() else penalty["amount"]
    return found
