"""Alerts at the end of every load: evaluate the new data days in the writer's snapshot, store the alerts,
then write the Atom feed and POST the webhook when they are set (their failures are recorded, never raised).

Called by etl.pipeline (dataset imports, so `marsad etl rebuild` too) and etl.article_pipeline (articles and
polled feeds) just before the run is finished.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from etl.alerts import deliver
from etl.alerts.evaluate import AlertParams, evaluate_inputs
from etl.config import PROJECT_ROOT, Settings
from etl.store import alerts as alert_store


def update_alerts(con, run_id: int | None, settings: Settings) -> dict[str, int]:
    """Evaluate the data days not evaluated yet, those of the events this run inserted or changed, and the last
    one again; store the alerts not stored yet; deliver them."""
    days = alert_store.days_to_evaluate(con, run_id)
    if not days:
        return {"alert_days": 0, "alerts_new": 0}
    params = AlertParams.from_settings(settings)
    inputs = alert_store.alert_inputs(con, days, days[0] - dt.timedelta(days=params.history_days()), days[-1],
                                      params.quiet_days)
    alerts = evaluate_inputs(inputs, days, params, alert_store.last_surges(con, days[0]))
    new = alert_store.insert_alerts(con, alerts, run_id)
    alert_store.mark_evaluated(con, days, run_id)
    if new:
        _deliver(con, run_id, settings, new)
    return {"alert_days": len(days), "alerts_new": len(new)}


def _deliver(con, run_id: int | None, settings: Settings, new: list[str]) -> None:
    if settings.alert_atom_path:
        path = Path(settings.alert_atom_path).expanduser()
        path = path if path.is_absolute() else PROJECT_ROOT / path
        latest = alert_store.list_alerts(con, limit=deliver.ATOM_ENTRIES).to_dict("records")
        try:
            deliver.write_atom(path, latest, dt.datetime.now(dt.timezone.utc))
            alert_store.record_delivery(con, run_id, "atom", len(latest), "ok", str(path))
        except OSError as exc:
            alert_store.record_delivery(con, run_id, "atom", len(latest), "error", f"{path}: {exc}")
    if settings.alert_webhook_url:
        records = alert_store.list_alerts(con, alert_ids=new).to_dict("records")
        status, message = post_in_background(settings.alert_webhook_url, records, settings.alert_webhook_timeout)
        alert_store.record_delivery(con, run_id, "webhook", len(records), status, message)


def post_in_background(url: str, records: list[dict], timeout: float) -> tuple[str, str]:
    """POST from a daemon thread and wait at most `timeout` (+1 s): a webhook that hangs (even past the
    socket's own timeout, e.g. a slow DNS lookup) cannot hold a load. ("ok" | "error", message)."""
    outcome: list[tuple[str, str]] = []

    def post() -> None:
        try:
            outcome.append(("ok", f"HTTP {deliver.post_webhook(url, records, timeout)}"))
        except Exception as exc:  # noqa: BLE001 - any failure is recorded, none fails the load
            outcome.append(("error", f"{type(exc).__name__}: {exc}"))

    worker = threading.Thread(target=post, name="marsad-alert-webhook", daemon=True)
    worker.start()
    worker.join(timeout + 1.0)
    return outcome[0] if outcome else ("error", f"no answer within {timeout:g} s")
