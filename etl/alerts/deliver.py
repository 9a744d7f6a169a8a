"""Alerts out of Marsad: as text lines and JSON records (the CLI), an Atom feed file and a webhook POST.

Formatting is pure; `write_atom` and `post_webhook` do the I/O and raise OSError (etl.alerts.run records it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_ENTRIES = 100


def _plain(value):
    if value is None:
        return None
    if isinstance(value, float) and value != value or type(value).__name__ == "NaTType":  # pandas' missing values
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return value.tolist()
    return value


def alert_record(alert: dict) -> dict:
    """One alert as JSON-ready values (dates as YYYY-MM-DD)."""
    record = {k: _plain(v) for k, v in alert.items() if k != "created_at"}
    for key in ("day", "period_start", "period_end", "last_seen"):
        if record.get(key):
            record[key] = str(record[key])[:10]
    return record


def alert_subject(alert: dict) -> str:
    """Who or where: 'Ar-Raqqa (SY1101)', an actor, or an actor in an area."""
    area = f"{alert.get('area') or alert.get('area_pcode')} ({alert.get('area_pcode')})" if alert.get("area_pcode") else ""
    actor = alert.get("actor") or ""
    return f"{actor} in {area}" if actor and area else actor or area


def alert_sentence(alert: dict) -> str:
    """The alert in one English sentence with its figures."""
    a = alert_record(alert)
    kind, subject = a["kind"], alert_subject(a)
    if kind == "surge":
        expected = a.get("expected") or 0.0
        return (f"{a['measure']} surge, {subject}: {a['observed']} in the {a['window_days']} days to {a['day']} "
                f"vs {expected:.1f} expected from the {a['baseline_days']} days before (p={a['p_value']:.2g})")
    if kind == "first_actor":
        return f"first seen: {subject} on {a['day']} ({a['observed']} event(s))"
    if kind == "new_type":
        return f"new event type in {subject}: {a['event_type']} on {a['day']} ({a['observed']} event(s))"
    since = f"none since {a['last_seen']}" if a.get("last_seen") else "none before in the data"
    return f"quiet area active again: {subject} on {a['day']}, {a['observed']} event(s), {since}"


def atom_feed(alerts: list[dict], updated: dt.datetime) -> bytes:
    """An Atom 1.0 document of the alerts (newest first as given); every text is escaped by ElementTree."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = "Marsad alerts"
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = "urn:marsad:alerts"
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = updated.isoformat()
    author = ET.SubElement(feed, f"{{{ATOM_NS}}}author")
    ET.SubElement(author, f"{{{ATOM_NS}}}name").text = "Marsad"
    for alert in alerts[:ATOM_ENTRIES]:
        record = alert_record(alert)
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = f"urn:marsad:{record['alert_id']}"
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = alert_sentence(record)
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = f"{record['day']}T00:00:00Z"
        ET.SubElement(entry, f"{{{ATOM_NS}}}content", type="text").text = json.dumps(record, ensure_ascii=False)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def write_atom(path: Path, alerts: list[dict], updated: dt.datetime) -> None:
    """Write the feed to a temporary file next to `path` and swap it in (a reader never sees half a feed)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_bytes(atom_feed(alerts, updated))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def post_webhook(url: str, alerts: list[dict], timeout: float) -> int:
    """POST {"alerts": [...]} as JSON; the HTTP status (OSError on a refused connection, a timeout or an
    HTTP error status)."""
    if not url.lower().startswith(("http://", "https://")):
        raise OSError(f"{url!r} is not an http(s) URL")
    body = json.dumps({"source": "marsad", "alerts": [alert_record(a) for a in alerts]}, ensure_ascii=False)
    request = urllib.request.Request(url, data=body.encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # HTTPError (an OSError) on 4xx/5xx
        return response.status
