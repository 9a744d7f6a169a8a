"""Event tables for download in the interface's language: headers from `col.*`, event types, sub-types,
origins, actors and areas translated (Arabic place names where the store has them); counts stay numbers (an
unknown count is an empty cell). The English ACLED-column table stays a download of its own (the store's
columns as they are). And the rows of the XLSX "About" sheet: filters, data date, sources and licences.
Pure functions; no Streamlit import."""

from __future__ import annotations

import datetime as dt

import pandas as pd

# The columns of the interface-language table, in this order (the ACLED-column export keeps every column).
LOCALIZED_COLUMNS = ("event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
                     "admin1", "admin2", "location", "latitude", "longitude", "fatalities", "injuries", "arrests",
                     "origin", "source", "source_url", "notes", "evidence")


def localized_events(df: pd.DataFrame, t, names: dict | None = None, lang: str = "en") -> pd.DataFrame:
    """The filtered events (dashboard.data.events_export) with headers and names in the language of `t`."""
    names = names or {}
    out = df.copy()
    actor = names.get("actor", {})
    areas = {**names.get("admin1", {}), **names.get("admin2", {})}
    if "event_type" in out:
        out["event_type"] = out["event_type"].map(lambda v: t.event_type(v) if isinstance(v, str) else v)
    if "sub_event_type" in out:
        out["sub_event_type"] = out["sub_event_type"].map(lambda v: t.sub_event_type(v) if isinstance(v, str) else v)
    if "origin" in out:
        out["origin"] = out["origin"].map(lambda v: t.origin(v) if isinstance(v, str) else v)
    for col in ("actor1", "actor2"):
        if col in out:
            out[col] = out[col].map(lambda v: actor.get(v, v) if isinstance(v, str) else v)
    for level in ("admin1", "admin2"):
        pcode = f"{level}_pcode"
        if level in out and pcode in out:
            out[level] = [areas.get(p, n) if isinstance(p, str) else n for p, n in zip(out[pcode], out[level])]
    if lang == "ar" and "location_ar" in out and "location" in out:
        out["location"] = [ar if isinstance(ar, str) and ar else en for ar, en in zip(out["location_ar"], out["location"])]
    if "time_precision" in out:
        out["time_precision"] = out["time_precision"].map(
            lambda p: t(f"review.precision_{int(p)}") if pd.notna(p) and t.has(f"review.precision_{int(p)}") else p)
    keep = [c for c in LOCALIZED_COLUMNS if c in out]
    out = out[keep]
    return out.rename(columns={c: t(f"col.{c}") if t.has(f"col.{c}") else t(f"downloads.col_{c}") for c in keep})


def about_rows(t, *, caption: str, credits_lines: list[str], data_date: dt.date | None,
               latest_event: dt.date | None, events: int) -> list[tuple[str, str]]:
    """(label, value) rows of the XLSX "About" sheet, in the language of `t`."""
    rows = [(t("downloads.about_title"), t("overview.report_title")),
            (t("downloads.about_filters"), caption),
            (t("downloads.about_events"), f"{events:,}"),
            (t("downloads.about_data_date"), data_date.isoformat() if data_date else ""),
            (t("downloads.about_latest"), latest_event.isoformat() if latest_event else ""),
            (t("downloads.about_generated"), dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))]
    rows += [(t("downloads.about_sources") if i == 0 else "", line) for i, line in enumerate(credits_lines)]
    return rows


def events_download(db_path: str, filters, fmt: str, lang: str = "en", names: dict | None = None, caption: str = "") -> bytes:
    """The filtered events as a file: csv / xlsx in the interface language (xlsx with an About sheet: filters,
    data date, sources and licences), csv_acled with the stored ACLED columns in English, geojson."""
    from dashboard import credits, data, exports
    from dashboard.data_report import credits as data_credits
    from dashboard.i18n import translator

    with data.reader(db_path) as con:
        df = data.events_export(con, filters)
        found = data_credits(con, filters) if fmt in ("xlsx", "geojson") else None
    t = translator(lang)
    if fmt == "csv_acled":
        return exports.events_csv(df)
    if fmt == "geojson":
        return exports.events_geojson(df, attribution=credits.credit_lines(found, t))
    table = localized_events(df, t, names, lang)
    if fmt == "csv":
        return exports.events_csv(table)
    about = about_rows(t, caption=caption, credits_lines=credits.credit_lines(found, t),
                       data_date=credits.data_date(found), latest_event=found["latest_event"], events=len(df))
    return exports.events_xlsx(table, rtl=lang == "ar", about=about, about_name=t("downloads.about_sheet"),
                               sheet_name=t("common.events"))
