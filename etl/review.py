"""Analyst review: accept, edit, reject, merge and restore events, with grades and an audit trail.

Decisions are written to the review store (etl.store.review: SQLite next to the event store, or the
PostgreSQL server of MARSAD_REVIEW_DB) and applied to the event snapshot by every load
(etl.store.reviewed). Every edit is validated before anything is written: a bad value is refused with
a message naming the field (ReviewError, exit code 2).
"""

from __future__ import annotations

import datetime as dt
import getpass
import math
import os
import threading
from contextlib import contextmanager
from dataclasses import replace
from importlib import import_module
from pathlib import Path
from typing import Iterator

from etl.config import Settings, get_settings
from etl.errors import InputError
from etl.schema import EVENT_TYPE_OF, TAXONOMY
from etl.store import reviewed, snapshot
from etl.store.review import HIDDEN_STATUSES, STATUSES, Change, ConflictError, Decision, ReviewStore, default_url

GRADES = ("Confirmed", "Fair", "Weak", "Contested", "Discounted")  # best first
TEXT_FIELDS = ("location", "location_ar", "notes")
ACTOR_FIELDS = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")
COUNT_FIELDS = ("fatalities", "injuries", "arrests")
EDITABLE = ("event_date", "time_precision", "event_type", "sub_event_type", *ACTOR_FIELDS, *TEXT_FIELDS,
            "latitude", "longitude", "geo_precision", *COUNT_FIELDS, "grade")
ADMIN_FIELDS = ("admin1", "admin2", "admin3", "admin1_pcode", "admin2_pcode", "admin3_pcode")


class ReviewError(InputError):
    """An analyst's change that cannot be made (bad value, unknown event, missing reason)."""


def current_user(settings: Settings | None = None) -> str:
    """Who acts: the MARSAD_USER setting, else the OS user."""
    settings = settings or get_settings()
    if settings.user:
        return settings.user
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid-{os.getuid()}"


def review_url(settings: Settings, db: Path | None = None) -> str:
    """MARSAD_REVIEW_DB, else the SQLite file next to the event store `db` (default: MARSAD_DB)."""
    return settings.review_db or default_url(Path(db or settings.db))


def apply_to_snapshot(con, run_id: int, settings: Settings, db: Path | None = None) -> dict[str, int]:
    """Apply every stored decision to the snapshot a load is writing (called at the end of each run)."""
    store = ReviewStore(review_url(settings, db))
    try:
        return reviewed.apply_decisions(con, store.decisions(), run_id)
    finally:
        store.dispose()


def apply_decisions_now(settings: Settings) -> dict[str, int]:
    """Apply the stored decisions to the live event store now, as one atomic run (`marsad review apply`)."""
    from etl import __version__
    from etl.store import runs

    with snapshot.writing(settings.db) as con:
        run_id = runs.start_run(con, "review apply", review_url(settings), None, __version__)
        counts = apply_to_snapshot(con, run_id, settings)
        runs.finish_run(con, run_id, {}, message=", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


# ------------------------------------------------------------------ validation


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """FIELD=VALUE pairs (from --set) as a dict; a malformed pair or unknown field is refused."""
    values: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ReviewError(f"--set {item!r}: write FIELD=VALUE (fields: {', '.join(EDITABLE)})")
        if name not in EDITABLE:
            raise ReviewError(f"{name}: not a field an analyst can edit (fields: {', '.join(EDITABLE)})")
        values[name] = value.strip()
    if not values:
        raise ReviewError("nothing to change: give at least one --set FIELD=VALUE")
    return values


def validate_edits(raw: dict[str, str], event: dict, settings: Settings, today: dt.date | None = None) -> dict:
    """Typed, checked field values from the analyst's text values (empty text clears an optional field).
    `event` holds the event's current values (for the type/sub-type pair and the place)."""
    today = today or dt.date.today()
    out: dict = {}
    for name, text in raw.items():
        if name not in EDITABLE:
            raise ReviewError(f"{name}: not a field an analyst can edit")
        out[name] = _typed(name, text, today, settings)
    if "sub_event_type" in out or "event_type" in out:
        sub = out.get("sub_event_type", event.get("sub_event_type"))
        kind = out.get("event_type", EVENT_TYPE_OF.get(sub))
        if kind not in TAXONOMY:
            raise ReviewError(f"event_type: {kind!r} is not an ACLED event type ({', '.join(TAXONOMY)})")
        if sub not in TAXONOMY[kind]:
            field = "sub_event_type" if "sub_event_type" in out else "event_type"
            raise ReviewError(f"{field}: {sub!r} is not a sub-type of {kind!r} ({', '.join(TAXONOMY[kind])})")
        out["event_type"], out["sub_event_type"] = kind, sub
        out["disorder_type"] = import_module("etl.schema").DISORDER_OF_EVENT_TYPE[kind]
    if "latitude" in out or "longitude" in out:
        lat = out.get("latitude", event.get("latitude"))
        lon = out.get("longitude", event.get("longitude"))
        if (lat is None) != (lon is None):
            raise ReviewError(f"{'latitude' if lat is None else 'longitude'}: give both coordinates or neither")
        out.update(_admin_areas(lat, lon, settings))
    return out


def _typed(name: str, text: str, today: dt.date, settings: Settings):
    from etl.geo.admin_areas import REGION_LAT, REGION_LON

    if name == "event_date":
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ReviewError(f"event_date: {text!r} is not a date (YYYY-MM-DD)") from None
        if day > today or day.year < 1900:
            raise ReviewError(f"event_date: {text} is impossible (after today or before 1900)")
        return day.isoformat()
    if name in ("time_precision", "geo_precision"):
        allowed = (1, 2, 3, 4) if name == "time_precision" else (1, 2, 3)
        if text not in {str(v) for v in allowed}:
            raise ReviewError(f"{name}: {text!r} must be one of {', '.join(map(str, allowed))}")
        return int(text)
    if name in COUNT_FIELDS:
        if text == "":
            return None
        try:
            value = int(text)
        except ValueError:
            raise ReviewError(f"{name}: {text!r} is not a whole number") from None
        if value < 0:
            raise ReviewError(f"{name}: {value} is negative; counts are 0 or more")
        return value
    if name in ("latitude", "longitude"):
        if text == "":
            return None
        try:
            value = float(text)
        except ValueError:
            raise ReviewError(f"{name}: {text!r} is not a number") from None
        low, high = REGION_LAT if name == "latitude" else REGION_LON
        if not math.isfinite(value) or not low <= value <= high:
            raise ReviewError(f"{name}: {text} is outside the region covered ({low} to {high})")
        return value
    if name in ("event_type", "sub_event_type"):
        known = TAXONOMY if name == "event_type" else EVENT_TYPE_OF
        if text not in known:
            raise ReviewError(f"{name}: {text!r} is not in the ACLED taxonomy")
        return text
    if name in ACTOR_FIELDS:
        if text == "":
            if name == "actor1":
                raise ReviewError("actor1: an event needs the actor who acted (use 'Unidentified ...' when unknown)")
            return None
        actor = import_module("etl.actors").load_actors(settings.knowledge_dir).canonical(text)
        if actor is None:
            raise ReviewError(f"{name}: {text!r} is not in the actor dictionary (data/knowledge)")
        return actor.name
    if name == "grade":
        match = [g for g in GRADES if g.lower() == text.lower()]
        if not match:
            raise ReviewError(f"grade: {text!r} is not a grade ({', '.join(GRADES)})")
        return match[0]
    return text or None  # location, location_ar, notes: free text (never rendered as HTML)


def _admin_areas(lat, lon, settings: Settings) -> dict:
    import numpy as np

    if lat is None:
        return {name: None for name in ADMIN_FIELDS}
    areas = import_module("etl.pipeline")._admin_areas(settings)
    found = areas.locate(np.array([lat], dtype=float), np.array([lon], dtype=float))
    return {name: found.column(name)[0].as_py() for name in ADMIN_FIELDS}


# ------------------------------------------------------------------ actions


class Reviewer:
    """Review actions for one user on one event store and its review store."""

    def __init__(self, settings: Settings | None = None, user: str | None = None, db: Path | None = None,
                 reader=None, role: str = "admin") -> None:
        """reader(db): a context manager giving a read-only cursor on the event store (the dashboard passes
        its own, so one process keeps one connection per store file); default: a connection of our own.
        role: the user's role (etl.auth); below analyst every change is refused and recorded."""
        self.settings = settings or get_settings()
        self.db = Path(db or self.settings.db)
        self.user = user or current_user(self.settings)
        self.role = role
        self.store = ReviewStore(review_url(self.settings, self.db))
        self._reader = reader
        self._snapshot = None  # (file version, read-only connection): reopened when a load swaps the file
        self._lock = threading.Lock()

    def close(self) -> None:
        self.store.dispose()
        with self._lock:
            if self._snapshot is not None:
                self._snapshot[1].close()
                self._snapshot = None

    @contextmanager
    def reading(self) -> Iterator:
        """A read-only cursor on the event store as it is now."""
        if self._reader is not None:
            with self._reader(self.db) as cur:
                yield cur
            return
        with self._lock:
            version = snapshot.file_version(self.db)
            if self._snapshot is None or self._snapshot[0] != version:
                if self._snapshot is not None:
                    self._snapshot[1].close()
                self._snapshot = (version, snapshot.read_only(self.db))
            cur = self._snapshot[1].cursor()
        try:
            yield cur
        finally:
            cur.close()

    def events(self, event_ids: list[str]) -> dict[str, dict]:
        """The snapshot's rows of these events (visible or hidden) with their source fingerprint."""
        with self.reading() as con:
            rows = {r["event_id"]: r for r in reviewed.events_with_reviews(con, event_ids)}
            for event_id, fp in reviewed.fingerprints(con, list(rows)).items():
                rows[event_id]["fingerprint"] = fp
        missing = [i for i in event_ids if i not in rows]
        if missing:  # split out since the last load: the event it was split from stands in
            parents = {i: d.split_from for i, d in self.store.decisions(missing).items() if d.split_from}
            found = self.events(sorted(set(parents.values()))) if parents else {}
            rows.update({i: {**found[p], "event_id": i} for i, p in parents.items()})
            missing = [i for i in missing if i not in rows]
        if missing:
            raise ReviewError(f"no event {missing[0]} in the store {self.db} (see `marsad review list`)")
        return rows

    def _current(self, event_id: str, expected_version: int | None) -> Decision:
        current = self.store.decision(event_id)
        if expected_version is not None and expected_version != current.version:
            raise ConflictError(f"event {event_id} changed since you read it: it is now version {current.version} "
                                f"({current.status}, by {current.updated_by}); review the new version and try again",
                                current)
        return current

    def _may_change(self, action: str, event_ids) -> None:
        """Refuse a change (recorded in the access log, nothing written) when the role is below analyst: the
        dashboard shows a viewer no edit controls, and a request crafted past them stops here."""
        from etl.auth import Identity, require

        ids = [event_ids] if isinstance(event_ids, str) else list(event_ids or [])
        require(Identity(self.user, self.role), "analyst", f"{action} events", ", ".join(map(str, ids)) or None,
                self.settings, self.db)

    def _write(self, items: list[tuple[Decision, list[Change], int]], reason: str | None) -> list[Decision]:
        self._may_change("change", [new.event_id for new, _, _ in items])  # every change passes here
        return self.store.write_all(items, user=self.user, reason=reason)

    def accept(self, event_ids: list[str], reason: str | None = None,
               expected_version: int | None = None) -> list[Decision]:
        self._may_change("accept", event_ids)
        events = self.events(event_ids)
        items = []
        for event_id in dict.fromkeys(event_ids):
            current = self._current(event_id, expected_version)
            new = replace(current, status="accepted", merged_into=None, fingerprint=events[event_id]["fingerprint"])
            items.append((new, [Change("accept", "status", current.status, "accepted")], current.version))
        return self._write(items, reason)

    def edit(self, event_id: str, values: dict[str, str], reason: str | None,
             expected_version: int | None = None) -> Decision:
        self._may_change("edit", event_id)
        if not (reason or "").strip():
            raise ReviewError("--reason: say why the event is edited (it goes into the audit trail)")
        event = self.events([event_id])[event_id]
        current = self._current(event_id, expected_version)
        effective = {**event, **current.edits}
        typed = validate_edits(values, effective, self.settings)
        grade = typed.pop("grade", current.grade)
        changes = [Change("edit", name, _plain(effective.get(name)), value) for name, value in typed.items()
                   if _plain(effective.get(name)) != value]
        if grade != current.grade:
            changes.append(Change("grade", "grade", current.grade, grade))
        if not changes:
            raise ReviewError(f"event {event_id} already has these values; nothing to change")
        status = "accepted" if current.status == "pending" else current.status
        new = replace(current, status=status, edits={**current.edits, **typed}, grade=grade,
                      fingerprint=event["fingerprint"])
        return self._write([(new, changes, current.version)], reason)[0]

    def reject(self, event_id: str, reason: str, expected_version: int | None = None) -> Decision:
        self._may_change("reject", event_id)
        if not (reason or "").strip():
            raise ReviewError("--reason: say why the event is rejected (not an event, duplicate of X, out of scope)")
        event = self.events([event_id])[event_id]
        current = self._current(event_id, expected_version)
        new = replace(current, status="rejected", merged_into=None, reason=reason, fingerprint=event["fingerprint"])
        return self._write([(new, [Change("reject", "status", current.status, "rejected")], current.version)],
                           reason)[0]

    def merge(self, event_ids: list[str], reason: str | None = None) -> list[Decision]:
        """The first event absorbs the others (their sources and evidence are united in it)."""
        self._may_change("merge", event_ids)
        ids = list(dict.fromkeys(event_ids))
        if len(ids) < 2:
            raise ReviewError("merge: give two or more different event ids (the first one is kept)")
        events = self.events(ids)
        survivor, absorbed = ids[0], ids[1:]
        items = []
        current = self._current(survivor, None)
        new = replace(current, status="accepted", merged_into=None, fingerprint=events[survivor]["fingerprint"])
        items.append((new, [Change("merge", "merged_from", None, absorbed)], current.version))
        for event_id in absorbed:
            current = self._current(event_id, None)
            new = replace(current, status="merged", merged_into=survivor, fingerprint=events[event_id]["fingerprint"])
            items.append((new, [Change("merge", "merged_into", current.merged_into, survivor)], current.version))
        return self._write(items, reason)

    def split(self, event_id: str, parts: list[dict[str, str]], reason: str | None) -> list[Decision]:
        """Split reports of several incidents: one new event per part (a copy of this one with the part's field
        values, validated like an edit); this event stays, for the first incident. Returns the new decisions."""
        self._may_change("split", event_id)
        if not (reason or "").strip():
            raise ReviewError("--reason: say why the event is split (it goes into the audit trail)")
        if not parts:
            raise ReviewError("split: give at least one --part FIELD=VALUE;FIELD=VALUE for a new event")
        event = self.events([event_id])[event_id]
        current = self._current(event_id, None)
        effective = {**event, **current.edits}
        known = set(self.store.decisions([f"{event_id}~{n}" for n in range(1, 100)]))
        numbers = [n for n in range(1, 100) if f"{event_id}~{n}" not in known][:len(parts)]
        items = []
        children = [f"{event_id}~{n}" for n in numbers]
        for child, values in zip(children, parts):
            typed = validate_edits(values, effective, self.settings)
            grade = typed.pop("grade", None)
            changes = [Change("split", "split_from", None, event_id)] + [
                Change("edit", name, _plain(effective.get(name)), value) for name, value in typed.items()]
            new = Decision(child, "accepted", typed, grade, split_from=event_id, fingerprint=event["fingerprint"])
            items.append((new, changes, 0))
        parent = replace(current, status="accepted" if current.status == "pending" else current.status,
                         fingerprint=event["fingerprint"])
        items.insert(0, (parent, [Change("split", "split_into", None, children)], current.version))
        return self._write(items, reason)[1:]

    def restore(self, event_id: str, reason: str | None = None, expected_version: int | None = None) -> Decision:
        self._may_change("restore", event_id)
        event = self.events([event_id])[event_id]
        current = self._current(event_id, expected_version)
        if current.status not in HIDDEN_STATUSES:
            raise ReviewError(f"event {event_id} is {current.status}, not rejected or merged; nothing to restore")
        new = replace(current, status="pending", merged_into=None, fingerprint=event["fingerprint"])
        return self._write([(new, [Change("restore", "status", current.status, "pending")], current.version)],
                           reason)[0]

    def queue(self, status: str | None = None, limit: int | None = None, event_ids: list[str] | None = None,
              near: dict | None = None) -> list[dict]:
        """Events with their review state (status, grade, version, source_changed) and the analysts' values,
        worst first: source changed since review, then estimated dates (an estimated anchor, then time precision
        high to low), low confidence, then newest. `limit`: the first rows only (self.total then holds how many there are)."""
        if status is not None and status not in STATUSES:
            raise ReviewError(f"--status {status!r}: use one of {', '.join(STATUSES)}")
        decisions = self.store.decisions()
        with self.reading() as con:
            rows, self.total = reviewed.queue_rows(con, decisions, status, limit, event_ids, near)
        for row in rows:
            d = decisions.get(row["event_id"]) or Decision(row["event_id"])
            row.update({k: v for k, v in d.edits.items() if k in row})
            row.update({"grade": d.grade or reviewed.ORIGIN_GRADES.get(row["origin"]), "reason": d.reason,
                        "merged_into": d.merged_into, "reviewed_by": d.updated_by})
        return rows

    def log(self, event_id: str | None = None) -> list[dict]:
        return self.store.log(event_id)


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
