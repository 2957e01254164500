"""Incidents on disk: ``incidents.jsonl`` (one merged incident per line) and ``incident_members.jsonl``
(what each article contributed, so that a later call adds new records to the incidents already found).

    python -m pipeline incidents extracted/records.jsonl --out extracted
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pipeline.atomic import write_json_lines
from pipeline.incidents.grouping import Incident
from pipeline.incidents.members import Member
from pipeline.incidents.merging import merge

INCIDENTS_FILE = "incidents.jsonl"
MEMBERS_FILE = "incident_members.jsonl"


def incident_json(incident: Incident) -> dict[str, Any]:
    """The line of ``incidents.jsonl``: id, merged fields and the articles with what each gave."""
    articles = sorted(incident.members, key=lambda m: (m.published or "", m.doc_id))
    return {"incident_id": incident.incident_id, **merge(articles),
            "articles": [{"doc_id": m.doc_id, "url": m.url, "date": m.published, "contributed": list(m.contributed)}
                         for m in articles]}


def members_of(records: Iterable[dict[str, Any]]) -> list[Member]:
    """The articles that report an incident (``is_incident``); error rows and other pages are left out."""
    return [Member.from_record(r) for r in records if r.get("doc_id") and r.get("is_incident") and "text" in r]


def load_existing(directory: Path) -> list[Incident]:
    """The incidents a previous call wrote to ``directory`` (none when it wrote nothing)."""
    path = directory / MEMBERS_FILE
    if not path.exists():
        return []
    incidents: dict[str, Incident] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                incident = incidents.setdefault(row["incident_id"], Incident(row["incident_id"]))
                incident.members.append(Member.from_json(row["member"]))
    return list(incidents.values())


def write(directory: Path, incidents: Sequence[Incident]) -> list[dict[str, Any]]:
    """Both files, each replaced atomically; returns the incident lines."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [incident_json(i) for i in incidents]
    write_json_lines(directory / INCIDENTS_FILE, lines)
    write_json_lines(directory / MEMBERS_FILE, ({"incident_id": i.incident_id, "member": m.as_json()}
                                                for i in incidents for m in i.members))
    return lines
