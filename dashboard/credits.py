"""Credits built from the data actually shown: each origin in the filtered events (UCDP, ACLED with its terms,
GTD, GDELT, the publishers of the news articles, hand-made files) with its licence, plus the boundaries and
place names every map uses, and the date of the data. `credits` is the dict of dashboard.data_report.credits.
Pure functions of that dict and a translator; no Streamlit import.
"""

from __future__ import annotations

import datetime as dt

KNOWN = ("ucdp", "acled", "gtd", "gdelt", "article", "manual")


def _names(names: list[str], more: int, t) -> str:
    text = ", ".join(names) if names else t("credits.unnamed")
    return text + (", " + t("credits.more", n=f"{more:,}") if more else "")


def credit_items(credits: dict | None, t, *, long: bool = False) -> list[str]:
    """One credit per origin in the data, largest first: short ("ACLED (acleddata.com, ACLED Terms of Use)")
    or long (the licence sentence)."""
    if not credits:
        return []
    form = "long" if long else "short"
    items = []
    for origin in credits["origins"]["origin"].tolist():
        if origin == "article":
            items.append(t(f"credits.{form}_article",
                           publishers=_names(credits.get("publishers", []), credits.get("more_publishers", 0), t)))
        elif origin == "manual" or origin not in KNOWN:
            files = credits.get("files") or []
            if origin == "manual" or files:
                items.append(t(f"credits.{form}_manual", files=", ".join(files) or t.origin(origin)))
            else:
                items.append(t(f"credits.{form}_other", origin=t.origin(origin)))
        else:
            items.append(t(f"credits.{form}_{origin}"))
    return list(dict.fromkeys(items))


def data_date(credits: dict | None) -> dt.date | None:
    """The date of the data: the last store update (else the latest event)."""
    if not credits:
        return None
    updated = credits.get("updated")
    if updated is not None:
        return updated.date() if isinstance(updated, dt.datetime) else updated
    return credits.get("latest_event")


def attribution_line(credits: dict | None, t) -> str:
    """One line for a footer or an exported chart: the data's origins with their licences, the boundaries and
    place names, and the date of the data."""
    parts = []
    items = credit_items(credits, t)
    if items:
        parts.append(t("credits.data_data", credits=" · ".join(items)))
    parts += [t("credits.boundaries"), t("credits.place_names")]
    when = data_date(credits)
    if when:
        parts.append(t("credits.as_of", date=when.isoformat()))
    return " · ".join(parts)


def credit_lines(credits: dict | None, t) -> list[str]:
    """The licence sentences (data page, XLSX, report): the data's origins, then boundaries and place names."""
    return credit_items(credits, t, long=True) + [t("credits.long_boundaries"), t("credits.long_place_names")]
