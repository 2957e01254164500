"""Records that report the same incident, grouped: blocking on names, then a scored, explained join.

1. Blocking: every organisation name gives keys (its distinctive words, its acronym, its whole key;
   :mod:`pipeline.incidents.names`); names sharing a key fall in one block (union-find), and words found
   in more than ``MAX_NAMES_PER_WORD`` names ("france", "groupe") are no keys. Blocks are independent:
   the work is linear in the records, and blocks can be grouped on Dask workers.
2. In a block, articles are taken in a fixed order: dated reports by their incident date, then the
   undated ones and the sanction articles by publication date. Each joins the incident that scores best
   (name match + date agreement + data types and causes in common + agreeing counts, weights in
   ``[incidents]`` of models/config.toml) when it scores at least ``join_score``, else opens an incident.
   The other organisations an article names (``companies``), and the names of the block written with
   capitals in its title and text, count as partial name evidence: the main company an extractor picked
   may be the attacker or a product, or it found none.
   Dates veto a join: two dates further apart than ``date_slack_days`` (other years, for year-only
   dates) are two incidents; an undated article cannot report an incident that began after it was
   published; names that agree only in part need dates that agree, or the same exact victim count.
3. Incremental: incidents already known (``existing``) keep their ids and members; new records join them
   or open new ones; a record already grouped is left where it is, so rerunning changes nothing.

Incident ids are ``inc_`` + a hash of the organisation key and the first member's doc_id: stable across
reruns on the same records.
"""

from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.incidents.members import Member, date_interval, published_day
from pipeline.incidents.merging import merged_date
from pipeline.incidents.names import OrgName
from pipeline.settings import IncidentOptions

log = logging.getLogger(__name__)

OTHER = "other organisation"
MAX_NAMES_PER_WORD = 25  # a word shared by more organisation names than this is no blocking key


@dataclass
class Incident:
    incident_id: str
    members: list[Member] = field(default_factory=list)

    @property
    def names(self) -> list[OrgName]:
        return [OrgName.of(m.company) for m in self.members if m.company]

    @property
    def date(self) -> str | None:
        return merged_date([m.incident_date for m in self.members])

    @property
    def start(self):
        interval = date_interval(self.date)
        return interval[0] if interval else None


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a record joined an incident or opened one (``--explain``)."""

    doc_id: str
    incident_id: str
    joined: bool
    reason: str


def group(records: Iterable[Member], existing: Sequence[Incident] = (), options: IncidentOptions | None = None,
          engine: str = "local", scheduler: str | None = None) -> tuple[list[Incident], list[Decision]]:
    """Incidents of ``records`` (joined to ``existing``), and the decision taken for each new record.
    ``engine="dask"`` groups the blocks on Dask workers (a local cluster, or ``scheduler``)."""
    options = options or IncidentOptions()
    known = {m.doc_id for incident in existing for m in incident.members}
    fresh = [m for m in records if m.doc_id not in known]
    incidents = [Incident(i.incident_id, list(i.members)) for i in existing]
    blocks = _blocks(fresh, incidents)
    if engine == "dask":
        decisions = _group_on_dask(blocks, options, scheduler)
    else:
        decisions = [d for block, block_incidents in blocks for d in group_block(block, block_incidents, options)]
    return _collect(incidents, fresh, decisions), decisions


def _group_on_dask(blocks: list[tuple[list[Member], list[Incident]]], options: IncidentOptions,
                   scheduler: str | None) -> list[Decision]:
    import dask.bag
    from dask.distributed import Client, LocalCluster

    cluster = None if scheduler else LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                  dashboard_address=None)
    with Client(scheduler or cluster) as client:
        bag = dask.bag.from_sequence(blocks, npartitions=max(1, min(len(blocks), 64)))
        found = client.compute(bag.map(lambda item: group_block(item[0], item[1], options))).result()
    if cluster is not None:
        cluster.close()
    return [d for block_decisions in found for d in block_decisions]


def _collect(incidents: list[Incident], fresh: list[Member], decisions: list[Decision]) -> list[Incident]:
    """Every incident once, ordered by id (the block lists share the Incident objects)."""
    by_id: dict[str, Incident] = {i.incident_id: i for i in incidents}
    members = {m.doc_id: m for m in fresh}
    for decision in decisions:
        if not decision.joined and decision.incident_id not in by_id:
            by_id[decision.incident_id] = Incident(decision.incident_id, [])
    for decision in decisions:
        incident = by_id[decision.incident_id]
        member = members[decision.doc_id]
        if member not in incident.members:
            incident.members.append(member)
    return sorted(by_id.values(), key=lambda i: i.incident_id)


def _blocks(records: list[Member], incidents: list[Incident]) -> list[tuple[list[Member], list[Incident]]]:
    items: list[tuple[str, Member | Incident, list[OrgName]]] = []
    for incident in incidents:
        items.append(("i", incident, incident.names))
    for member in records:
        items.append(("m", member, _names_of(member)))
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_key: dict[str, list[int]] = defaultdict(list)
    names_of_key: dict[str, set[str]] = defaultdict(set)
    for index, (_, _, names) in enumerate(items):
        for name in names:
            for key in name.blocking_keys():
                if not by_key[key] or by_key[key][-1] != index:
                    by_key[key].append(index)
                names_of_key[key].add(name.key)
    for index, (kind, item, _) in enumerate(items):
        if kind == "m":  # capitalised words of the text attach a record to the names they spell
            for key in {f"w:{word}" for word in item.capitalised} & by_key.keys():  # type: ignore[union-attr]
                if by_key[key][-1] != index:
                    by_key[key].append(index)
    for key, indices in by_key.items():
        if key.startswith("w:") and len(names_of_key[key]) > MAX_NAMES_PER_WORD:
            continue
        for other in indices[1:]:
            a, b = find(indices[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    grouped: dict[int, tuple[list[Member], list[Incident]]] = defaultdict(lambda: ([], []))
    for index, (kind, item, _) in enumerate(items):
        target = grouped[find(index)]
        (target[1] if kind == "i" else target[0]).append(item)  # type: ignore[arg-type]
    return [grouped[root] for root in sorted(grouped)]


def group_block(records: list[Member], incidents: list[Incident], options: IncidentOptions) -> list[Decision]:
    """Join each record of one block to an incident of the block or open one (mutates ``incidents``).
    A record is scored only against the incidents that share a name key with it (:class:`_KeyIndex`):
    the others cannot match its names, and the work stays linear however large the block."""
    index = _KeyIndex()
    for incident in incidents:
        index.add(incident, _named(incident))
    decisions = []
    for member in sorted(records, key=_order):
        considered = [(score, reason, incident) for incident in index.lookup(_member_keys(member))
                      for score, reason in [_score(member, incident, options)]]
        scored = [c for c in considered if c[0] is not None]
        best = max(scored, key=lambda s: (s[0], s[2].start or published_day("1900")), default=None)
        names = _names_of(member)
        if best is not None and best[0] >= options.join_score:
            best[2].members.append(member)
            index.add(best[2], names)
            decisions.append(Decision(member.doc_id, best[2].incident_id, True, best[1]))
            continue
        incident = Incident(_new_id(member), [member])
        apart = "; ".join(f"{i.incident_id}: {r}" for _, r, i in considered if r != OTHER) or \
            "no incident of this organisation yet"
        incidents.append(incident)
        index.add(incident, names)
        decisions.append(Decision(member.doc_id, incident.incident_id, False, f"new incident ({apart})"))
    return _merge_incidents(incidents, decisions, options, index)


class _KeyIndex:
    """The incidents of a block under the blocking keys of the names their articles give, in the order
    they were opened (ties between equal scores go to the first, as when every incident was scored)."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[Incident]] = defaultdict(list)
        self.order: dict[str, int] = {}

    def add(self, incident: Incident, names: Iterable[OrgName]) -> None:
        self.order.setdefault(incident.incident_id, len(self.order))
        for name in names:
            for key in name.blocking_keys():
                found = self.by_key[key]
                if incident not in found:
                    found.append(incident)

    def lookup(self, keys: Iterable[str]) -> list[Incident]:
        found = {i.incident_id: i for key in keys if key in self.by_key
                 and not (key.startswith("w:") and len(self.by_key[key]) > MAX_NAMES_PER_WORD)
                 for i in self.by_key[key]}
        return sorted(found.values(), key=lambda i: self.order[i.incident_id])

    def remove(self, incident: Incident) -> None:
        for found in self.by_key.values():
            if incident in found:
                found.remove(incident)


def _member_keys(member: Member) -> set[str]:
    """The keys a record is looked up under: its names' blocking keys and its capitalised words."""
    keys = {key for name in _names_of(member) for key in name.blocking_keys()}
    return keys | {f"w:{word}" for word in member.capitalised}


def _merge_incidents(incidents: list[Incident], decisions: list[Decision], options: IncidentOptions,
                     index: _KeyIndex) -> list[Decision]:
    """Incidents opened in this call that turn out to be one (an article joined the better of two halves
    of an incident before a third linked them): one's main name in full among the names the other's
    articles give, dates that agree. Known incidents are never merged together, so their ids stay.
    Only incidents sharing a name key are compared."""
    opened = {d.incident_id for d in decisions if not d.joined}
    merging = True
    while merging:
        merging = False
        for first in list(incidents):
            keys = {key for name in _named(first) for key in name.blocking_keys()}
            later = [i for i in index.lookup(keys) if i.incident_id in opened and i is not first
                     and index.order[i.incident_id] > index.order[first.incident_id]]
            for second in later:
                reason = _same_incident(first, second, options)
                if reason:
                    first.members.extend(second.members)
                    incidents.remove(second)
                    index.remove(second)
                    index.add(first, _named(second))
                    decisions = [Decision(d.doc_id, first.incident_id, True, f"{d.reason}; merged: {reason}")
                                 if d.incident_id == second.incident_id else d for d in decisions]
                    merging = True
                    break
            if merging:
                break
    return decisions


def _named(incident: Incident) -> list[OrgName]:
    """Every organisation its articles name: main companies and the others."""
    return [name for member in incident.members for name in _names_of(member)]


def _names_of(member: Member) -> list[OrgName]:
    """The organisations an article names: its main company and the others."""
    return [OrgName.of(n) for n in (member.company, *member.others) if n]


def _same_incident(first: Incident, second: Incident, options: IncidentOptions) -> str | None:
    names = [(a, b) for a in first.names for b in _named(second) if a.match(b) == 1.0] + \
        [(a, b) for a in _named(first) for b in second.names if a.match(b) == 1.0]
    if not names or not _dates_agree(first.date, second.date, options):
        return None
    return f"{names[0][0].surface} = {names[0][1].surface}, {first.date} ~ {second.date}"


def _order(member: Member) -> tuple:
    interval = member.interval
    dated = interval is not None and not member.sanction
    return (0 if dated else 1, interval[0].isoformat() if dated else "", member.published or "", member.doc_id)


def _score(member: Member, incident: Incident, options: IncidentOptions) -> tuple[float | None, str]:
    """The join score of ``member`` with ``incident`` and its explanation; None when something vetoes it."""
    names = incident.names
    main = max((OrgName.of(member.company).match(n) for n in names), default=0.0) if member.company else 0.0
    named = max((OrgName.of(o).match(n) for o in member.others for n in names), default=0.0)
    if main == 0.0 and named == 0.0 and not any(_written(n, member.capitalised) for n in names):
        return None, OTHER
    name_score = 1.0 if main == 1.0 else options.partial_name_score  # a name in passing is partial evidence
    date_score, date_reason = _date_agreement(member, incident, options)
    if date_score is None:
        return None, date_reason
    counts = [m.victim_count for m in incident.members if m.victim_count]
    if name_score < 1.0 and not date_score:
        if not _same_exact_count(member.victim_count, counts, options):
            return None, f"names agree only in part and {date_reason}"
        date_reason += f", the same count {member.victim_count}"
    types = _jaccard(member.data_types, [c for m in incident.members for c in m.data_types])
    causes = _jaccard(member.cause, [c for m in incident.members for c in m.cause])
    count_score = float(bool(member.victim_count) and any(
        max(member.victim_count, c) <= options.count_ratio * min(member.victim_count, c) for c in counts))
    total = name_score + date_score + types + causes + count_score
    reason = (f"name {name_score:g}, dates {date_reason}, data types {types:.2f}, causes {causes:.2f}, "
              f"count {count_score:g}: {total:.2f}")
    return total, reason


def _same_exact_count(count: int | None, counts: list[int], options: IncidentOptions) -> bool:
    """The same victim count, and not a round figure that many incidents share (3 187, not 2 000)."""
    return bool(count) and count % options.exact_count_unit != 0 and count in counts


def _written(name: OrgName, capitalised: frozenset[str]) -> bool:
    """The name is written in the article (its distinctive words, or its acronym, with capitals)."""
    if name.distinct and name.distinct <= capitalised:
        return True
    return bool(name.acronym) and len(name.acronym) >= 3 and name.acronym in capitalised


def _date_agreement(member: Member, incident: Incident, options: IncidentOptions) -> tuple[float | None, str]:
    mine, theirs = member.interval, date_interval(incident.date)
    published = published_day(member.published)
    if mine is None or theirs is None:
        if mine is None and theirs is not None and published is not None and theirs[0] > published:
            return None, f"published {member.published}, before the incident ({incident.date})"
        return 0.0, "one undated"
    year_only = len(member.incident_date or "") == 4 or len(incident.date or "") == 4
    if _dates_agree(member.incident_date, incident.date, options):
        return (0.5 if year_only else 1.0), f"{member.incident_date} ~ {incident.date}"
    return None, f"{member.incident_date} vs {incident.date}: apart"


def _dates_agree(first: str | None, second: str | None, options: IncidentOptions) -> bool:
    """Both dated, and no further apart than ``date_slack_days`` (the same year, when one is a year only)."""
    a, b = date_interval(first), date_interval(second)
    if a is None or b is None:
        return False
    if len(first or "") == 4 or len(second or "") == 4:
        return a[0].year == b[0].year
    return max((a[0] - b[1]).days, (b[0] - a[1]).days, 0) <= options.date_slack_days


def _jaccard(mine: Sequence[str], theirs: Sequence[str]) -> float:
    a, b = set(mine), set(theirs)
    return len(a & b) / len(a | b) if a and b else 0.0


def _new_id(member: Member) -> str:
    key = OrgName.of(member.company).key if member.company else ""
    return "inc_" + hashlib.blake2b(f"{key}|{member.doc_id}".encode(), digest_size=8).hexdigest()
