"""Review decisions in the event snapshot: applied at the end of every load, read by the review commands.

`apply_decisions(con, decisions, run_id)` runs inside a writer's snapshot (etl.store.snapshot.writing):
edited fields are set on the events, rejected and merged-away events move to `hidden_events` (and back on a
restore), a merge unites the sources, a split creates its new events as copies of the event they were split
from (with its reports; their own values follow as edits), and `event_reviews` records each reviewed event's
status, grade,
number of independent sources and whether its source changed since the decision.

The source fingerprint of an article event is its article's text and its evidence; of a dataset event,
the fields the dataset gave (as loaded, before any analyst edit). The statements assembled here only
splice column *names* from etl.schema, never values (values are bound parameters or registered tables).
"""

from __future__ import annotations

import json

import duckdb
import pyarrow as pa

from etl.schema import EVENT_COLUMNS, EVENT_FIELDS
from etl.store.review import HIDDEN_STATUSES, Decision

_TYPES = {name: kind for name, kind, _ in EVENT_FIELDS}
# what a dataset row says (enrichment columns and ids excluded): its fingerprint
_DATASET_SOURCE_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                           "assoc_actor_1", "assoc_actor_2", "location", "admin1", "latitude", "longitude", "fatalities",
                           "injuries", "arrests", "source", "source_url", "notes", "origin")
# origins whose events start at a grade (curated, source-vetted datasets); others start ungraded
ORIGIN_GRADES = {"ucdp": "Fair", "acled": "Fair", "gtd": "Fair", "gdelt": "Weak"}
QUEUE_COLUMNS = ("event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                 "location", "latitude", "longitude", "fatalities", "injuries", "arrests", "confidence", "origin",
                 "article_id", "evidence", "evidence_start", "evidence_end", "source", "source_url", "notes",
                 "language", "timestamp", "article_ref", "date_estimated")


def _fingerprint_sql(where: str, reviews: bool = True) -> str:
    """Fingerprints of the events matching `where`; reviews=False for a snapshot without migration 003."""
    dataset = ", ".join(f"coalesce(CAST(e.\"{c}\" AS VARCHAR), '')" for c in _DATASET_SOURCE_COLUMNS)
    earlier = "r.fingerprint" if reviews else "NULL"
    return (
        "SELECT e.event_id, CASE WHEN e.origin = 'article' AND e.article_id IS NOT NULL "
        "THEN md5(concat_ws(chr(31), coalesce(a.text, ''), coalesce(e.evidence, ''))) "
        f"WHEN e.run_id = $run_id OR {earlier} IS NULL THEN md5(concat_ws(chr(31), {dataset})) "
        f"ELSE {earlier} END AS fingerprint "
        + ("FROM (SELECT * FROM events UNION ALL SELECT * FROM hidden_events) e " if reviews else "FROM events e ")
        + "LEFT JOIN articles a ON a.article_id = e.article_id "
        + ("LEFT JOIN event_reviews r ON r.event_id = e.event_id " if reviews else "")
        + f"WHERE {where}"
    )


def fingerprints(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, str]:
    """The current source fingerprint of these events (as the last load saw their source)."""
    if not event_ids:
        return {}
    sql = _fingerprint_sql("list_contains($ids, e.event_id)", _has_review_tables(con))
    rows = con.execute(sql, {"ids": sorted(set(event_ids)), "run_id": -1})
    return dict(rows.fetchall())


def _has_review_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the snapshot has migration 003 (a store written by an older Marsad may not)."""
    found = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'event_reviews'")
    return found.fetchall()[0][0] == 1


def events_with_reviews(con: duckdb.DuckDBPyConnection, event_ids: list[str] | None = None) -> list[dict]:
    """Every event of the snapshot, visible or hidden (QUEUE_COLUMNS + hidden, source_changed, n_sources,
    snapshot_status, grade), or only these events."""
    cols = ", ".join(f'e."{c}"' for c in QUEUE_COLUMNS)
    reviews = _has_review_tables(con)
    union = "SELECT *, false AS hidden FROM events" + (
        " UNION ALL SELECT *, true AS hidden FROM hidden_events" if reviews else "")
    review_cols = ("coalesce(r.source_changed, false) AS source_changed, r.n_sources, r.status AS snapshot_status, "
                   "r.grade" if reviews else
                   "false AS source_changed, NULL::INTEGER AS n_sources, NULL AS snapshot_status, NULL AS grade")
    sql = (f"SELECT {cols}, e.hidden, {review_cols} FROM ({union}) e "
           + ("LEFT JOIN event_reviews r ON r.event_id = e.event_id " if reviews else "")
           + ("WHERE list_contains($ids, e.event_id) " if event_ids is not None else "")
           + "ORDER BY e.event_id")
    cur = con.execute(sql, {"ids": sorted(set(event_ids))} if event_ids is not None else {})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def queue_rows(con: duckdb.DuckDBPyConnection, decisions: dict[str, Decision], status: str | None = None,
               limit: int | None = None, event_ids: list[str] | None = None,
               near: dict | None = None) -> tuple[list[dict], int]:
    """(rows, total) of the review queue, worst first: source changed since the decision, then estimated dates
    (date_estimated, then time precision high to low), low confidence, newest. status: only events with this decision status
    (pending: also reviewed events whose source changed); limit: first rows only; event_ids: only these;
    near: {event_type, date_from, date_to, lat, lon, degrees, location}: other events maybe the same incident.
    Each row: QUEUE_COLUMNS + hidden, n_sources, status, version, source_changed (decided events carry their
    live fingerprint comparison). The analysts' field values are not applied here (see etl.review)."""
    reviews = _has_review_tables(con)
    con.register("_queue_decisions", _decisions_table(decisions))
    try:
        cols = ", ".join(f'e."{c}"' for c in QUEUE_COLUMNS)
        union = "SELECT *, false AS hidden FROM events" + (
            " UNION ALL SELECT *, true AS hidden FROM hidden_events" if reviews else "")
        fingerprint = _fingerprint_sql("e.event_id IN (SELECT event_id FROM _queue_decisions)", reviews)
        conditions = ["($status IS NULL OR coalesce(d.status, 'pending') = $status OR ($status = 'pending' AND "
                      "d.fingerprint IS NOT NULL AND f.fingerprint IS DISTINCT FROM d.fingerprint))"]
        params: dict = {"status": status, "run_id": -1}
        if event_ids is not None:
            conditions.append("list_contains($ids, e.event_id)")
            params["ids"] = sorted(set(event_ids))
        if near is not None:
            conditions.append("e.event_type = $near_type AND e.event_date BETWEEN $near_from AND $near_to "
                              "AND NOT e.hidden AND e.event_id <> $near_id AND ((e.latitude BETWEEN $lat_lo AND $lat_hi "
                              "AND e.longitude BETWEEN $lon_lo AND $lon_hi) OR (e.latitude IS NULL AND "
                              "e.location IS NOT DISTINCT FROM $near_location))")
            located = near["lat"] is not None and near["lon"] is not None
            lat, lon, deg = (near["lat"], near["lon"], near["degrees"]) if located else (0.0, 0.0, -1.0)  # -1: none
            params.update({"near_type": near["event_type"], "near_from": near["date_from"], "near_to": near["date_to"],
                           "near_id": near["event_id"], "near_location": near["location"], "lat_lo": lat - deg,
                           "lat_hi": lat + deg, "lon_lo": lon - deg, "lon_hi": lon + deg})
        n_sources = ("r.n_sources" if reviews else "NULL::INTEGER")
        source_changed = "coalesce(d.fingerprint IS NOT NULL AND f.fingerprint IS DISTINCT FROM d.fingerprint, false)"
        def joined(where: list[str]) -> str:
            return (f"FROM ({union}) e LEFT JOIN _queue_decisions d ON d.event_id = e.event_id "
                    "LEFT JOIN f ON f.event_id = e.event_id "
                    + ("LEFT JOIN event_reviews r ON r.event_id = e.event_id " if reviews else "")
                    + "WHERE " + " AND ".join(where))

        order = ("source_changed DESC, coalesce(e.date_estimated, false) DESC, e.time_precision DESC, "
                 "coalesce(e.confidence, 1.0), e.event_date DESC, e.event_id")
        if limit is not None:  # the first rows only: chosen on the sort keys alone (a top-N, not a sort of every
            # column of every event), then their columns are read
            total = con.execute(f"WITH f AS ({fingerprint}) SELECT count(*) {joined(conditions)}", params).fetchall()[0][0]
            chosen = con.execute(f"WITH f AS ({fingerprint}) SELECT e.event_id, {source_changed} AS source_changed "
                                 f"{joined(conditions)} ORDER BY {order} LIMIT $limit", {**params, "limit": limit})
            params["chosen"] = [r[0] for r in chosen.fetchall()]
            conditions.append("list_contains($chosen, e.event_id)")
        sql = (f"WITH f AS ({fingerprint}) SELECT {cols}, e.hidden, {n_sources} AS n_sources, "
               "coalesce(d.status, 'pending') AS status, coalesce(d.version, 0) AS version, "
               f"{source_changed} AS source_changed {joined(conditions)} ORDER BY {order}")
        cur = con.execute(sql, params)
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.unregister("_queue_decisions")
    if limit is None:
        total = len(rows)
    return rows, int(total)


def event_sources(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> list[dict]:
    """The reports merged into these events (event_sources rows)."""
    cur = con.execute("SELECT event_id, source, source_url, article_id, evidence, evidence_start, evidence_end "
                      "FROM event_sources WHERE list_contains($ids, event_id) ORDER BY event_id, article_id, "
                      "evidence_start", {"ids": sorted(set(event_ids))})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]


def article_texts(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> dict[str, dict]:
    cur = con.execute("SELECT article_id, url, title, published, source, language, text, input_path FROM articles "
                      "WHERE list_contains($ids, article_id)", {"ids": sorted(set(article_ids))})
    names = [d[0] for d in cur.description]
    return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}


def apply_decisions(con: duckdb.DuckDBPyConnection, decisions: dict[str, Decision], run_id: int) -> dict[str, int]:
    """Apply every decision to the snapshot (idempotent; events not in the snapshot are skipped).
    Returns counts: edited, hidden, restored, source_changed."""
    had_any = con.execute("SELECT (SELECT count(*) FROM hidden_events) + (SELECT count(*) FROM event_reviews)")
    if had_any.fetchall()[0][0] == 0 and not decisions:
        return {"edited": 0, "hidden": 0, "restored": 0, "source_changed": 0}
    con.register("_decisions", _decisions_table(decisions))
    try:
        return _apply(con, decisions, run_id)
    finally:
        con.unregister("_decisions")
        con.execute("DROP TABLE IF EXISTS _fp")


def _apply(con: duckdb.DuckDBPyConnection, decisions: dict[str, Decision], run_id: int) -> dict[str, int]:
    cols = ", ".join(f'"{c}"' for c in (*EVENT_COLUMNS, "run_id"))
    # a reloaded event (fresh machine row in events) replaces its hidden copy; restored events come back
    con.execute("DELETE FROM hidden_events WHERE event_id IN (SELECT event_id FROM events)")
    restore = ("SELECT event_id FROM hidden_events WHERE event_id NOT IN "
               "(SELECT event_id FROM _decisions WHERE list_contains($hidden, status))")
    restored = con.execute(f"SELECT count(*) FROM ({restore})", {"hidden": list(HIDDEN_STATUSES)}).fetchall()[0][0]
    con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM hidden_events WHERE event_id IN ({restore})",
                {"hidden": list(HIDDEN_STATUSES)})
    con.execute(f"DELETE FROM hidden_events WHERE event_id IN ({restore})", {"hidden": list(HIDDEN_STATUSES)})
    # events split out of another: a fresh copy of the event they were split from (edits follow), with its reports
    split = "SELECT event_id FROM _decisions WHERE split_from IS NOT NULL"
    con.execute(f"DELETE FROM events WHERE event_id IN ({split})")
    con.execute(f"DELETE FROM hidden_events WHERE event_id IN ({split})")
    copied = ", ".join("d.event_id" if c == "event_id" else f'p."{c}"' for c in (*EVENT_COLUMNS, "run_id"))
    con.execute(f"INSERT INTO events ({cols}) SELECT {copied} FROM _decisions d JOIN (SELECT * FROM events UNION ALL "
                "SELECT * FROM hidden_events) p ON p.event_id = d.split_from")
    con.execute(f"DELETE FROM event_sources WHERE event_id IN ({split})")
    con.execute("INSERT INTO event_sources SELECT d.event_id, s.source, s.source_url, s.article_id, s.evidence, "
                "s.evidence_start, s.evidence_end FROM _decisions d JOIN event_sources s ON s.event_id = d.split_from")
    # source fingerprints before any edit is applied (a reloaded dataset row is still the machine version)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _fp AS {_fingerprint_sql('e.event_id IN (SELECT event_id FROM _decisions)')}",
                {"run_id": run_id})
    edited = 0
    fields = sorted({name for d in decisions.values() for name in d.edits if name in _TYPES})
    for name in fields:
        values = [(d.event_id, None if d.edits[name] is None else str(d.edits[name]))
                  for d in decisions.values() if name in d.edits]
        con.register("_edit", pa.table({"event_id": pa.array([v[0] for v in values], pa.string()),
                                        "value": pa.array([v[1] for v in values], pa.string())}))
        try:
            done = con.execute(f'UPDATE events SET "{name}" = CAST(x.value AS {_TYPES[name]}) FROM _edit x '
                               f'WHERE events.event_id = x.event_id AND events."{name}" IS DISTINCT FROM '
                               f'CAST(x.value AS {_TYPES[name]})').fetchall()
            edited += int(done[0][0]) if done else 0
        finally:
            con.unregister("_edit")
    # merges: the survivor gains the merged events' reports (a dataset event's own record when it has none)
    con.execute(
        "INSERT INTO event_sources SELECT DISTINCT d.merged_into, s.source, s.source_url, s.article_id, s.evidence, "
        "s.evidence_start, s.evidence_end FROM _decisions d JOIN event_sources s ON s.event_id = d.event_id "
        "WHERE d.status = 'merged' AND d.merged_into IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event_sources o "
        "WHERE o.event_id = d.merged_into AND o.source IS NOT DISTINCT FROM s.source AND o.article_id IS NOT DISTINCT "
        "FROM s.article_id AND o.evidence_start IS NOT DISTINCT FROM s.evidence_start)")
    for own in ("d.event_id", "d.merged_into"):  # sourceless events of a merge get their own record as a source
        con.execute(
            "INSERT INTO event_sources SELECT DISTINCT d.merged_into, e.source, e.source_url, e.article_id, e.evidence, "
            "e.evidence_start, e.evidence_end FROM _decisions d JOIN (SELECT * FROM events UNION ALL SELECT * FROM "
            f"hidden_events) e ON e.event_id = {own} WHERE d.status = 'merged' AND d.merged_into IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM event_sources o WHERE o.event_id = e.event_id) "
            "AND NOT EXISTS (SELECT 1 FROM event_sources o WHERE o.event_id = d.merged_into "
            "AND o.source IS NOT DISTINCT FROM e.source AND o.evidence IS NOT DISTINCT FROM e.evidence)")
    hide = "SELECT event_id FROM _decisions WHERE list_contains($hidden, status)"
    hidden = con.execute(f"SELECT count(*) FROM events WHERE event_id IN ({hide})",
                         {"hidden": list(HIDDEN_STATUSES)}).fetchall()[0][0]
    con.execute(f"INSERT INTO hidden_events ({cols}) SELECT {cols} FROM events WHERE event_id IN ({hide})",
                {"hidden": list(HIDDEN_STATUSES)})
    con.execute(f"DELETE FROM events WHERE event_id IN ({hide})", {"hidden": list(HIDDEN_STATUSES)})
    con.execute("DELETE FROM event_reviews")
    con.execute(
        "INSERT INTO event_reviews SELECT d.event_id, d.status, d.grade, "
        "coalesce(n.n, 1), d.version, d.fingerprint IS NOT NULL AND d.fingerprint IS DISTINCT FROM f.fingerprint, "
        "f.fingerprint, d.merged_into, d.reason, d.updated_by, d.updated_at "
        "FROM _decisions d JOIN _fp f USING (event_id) LEFT JOIN (SELECT event_id, count(DISTINCT coalesce(source, "
        "source_url, article_id)) AS n FROM event_sources GROUP BY event_id) n USING (event_id)")
    changed = con.execute("SELECT count(*) FROM event_reviews WHERE source_changed").fetchall()[0][0]
    return {"edited": edited, "hidden": int(hidden), "restored": int(restored), "source_changed": int(changed)}


def _decisions_table(decisions: dict[str, Decision]) -> pa.Table:
    rows = list(decisions.values())
    return pa.table({
        "event_id": pa.array([d.event_id for d in rows], pa.string()),
        "status": pa.array([d.status for d in rows], pa.string()),
        "grade": pa.array([d.grade for d in rows], pa.string()),
        "merged_into": pa.array([d.merged_into for d in rows], pa.string()),
        "split_from": pa.array([d.split_from for d in rows], pa.string()),
        "reason": pa.array([d.reason for d in rows], pa.string()),
        "fingerprint": pa.array([d.fingerprint for d in rows], pa.string()),
        "version": pa.array([d.version for d in rows], pa.int32()),
        "updated_by": pa.array([d.updated_by for d in rows], pa.string()),
        "updated_at": pa.array([None if d.updated_at is None else d.updated_at.replace(tzinfo=None) for d in rows],
                               pa.timestamp("us")),
        "edits": pa.array([json.dumps(d.edits, ensure_ascii=False) for d in rows], pa.string()),
    })
