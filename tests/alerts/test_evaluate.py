"""Alerts from constructed histories: a surge fires, ordinary Poisson noise does not; a first-seen actor,
a new event type and a quiet area turning active each raise their alert."""

from __future__ import annotations

from etl.alerts.evaluate import AlertParams, evaluate
from tests.alerts.synthetic import DEIR, all_days, day, event, frame, noise


def _surges(rows, **where):
    alerts = evaluate(frame(rows), all_days(rows))
    return [a for a in alerts if a["kind"] == "surge" and all(a[k] == v for k, v in where.items())]


def test_ordinary_weekly_noise_raises_almost_no_surge():
    # 30 area-years of seeded Poisson noise (0.3, 1 and 3 clashes a day, deaths per clash Poisson(0.5))
    false_alarms = []
    for rate in (0.3, 1.0, 3.0):
        for seed in range(10):
            false_alarms += _surges(noise(seed, 365, rate), scope="area")
    alarm_days = {(a["day"], a["measure"]) for a in false_alarms}
    assert len(alarm_days) <= 3, sorted(alarm_days)  # under one false alarm per area per 10 years


def test_a_constructed_surge_fires_within_days_with_its_figures():
    rows = noise(1, 200, 1.0)
    rows += [event(150 + i % 7, fatalities=2) for i in range(28)]  # four extra clashes a day for a week
    alerts = _surges(rows, scope="area", measure="events", window_days=7)
    assert alerts, "no surge alert for 28 extra clashes in a week"
    first = alerts[0]
    assert day(150) <= first["day"] <= day(153)
    assert first["area_pcode"] == "SY1101" and first["area"] == "Ar-Raqqa"
    assert first["observed"] >= 2 * first["expected"] and first["p_value"] <= 1e-4
    assert first["baseline_days"] == 84 and len(first["series"]) == 16 and sum(first["series"]) > 0
    assert first["period_end"] == first["day"] and (first["day"] - first["period_start"]).days == 6
    # the same surge for the actors involved, and a fatalities surge
    assert _surges(rows, scope="actor", actor="Islamic State", measure="events")
    assert _surges(rows, scope="area", measure="fatalities")


def test_a_surge_lasting_weeks_is_one_alert_per_window_not_one_a_day():
    rows = noise(2, 240, 1.0) + [event(150 + i % 21) for i in range(84)]  # four extra a day for three weeks
    alerts = _surges(rows, scope="area", measure="events", window_days=7)
    assert 1 <= len(alerts) <= 2
    assert all((b["day"] - a["day"]).days > 14 for a, b in zip(alerts, alerts[1:]))


def test_one_event_in_a_quiet_village_is_no_surge():
    rows = noise(3, 200, 1.0) + [event(150, area=DEIR, fatalities=3)]
    assert not _surges(rows, area_pcode="SY0901")
    # ... but five in a week after months of nothing are
    rows += [event(151 + i, area=DEIR) for i in range(5)]
    assert _surges(rows, area_pcode="SY0901", measure="events", window_days=7)


def test_actor_seen_for_the_first_time_in_an_area():
    rows = noise(4, 200, 1.0) + [event(130, actor1="Turkish Armed Forces", actor2="Islamic State")]
    alerts = [a for a in evaluate(frame(rows), all_days(rows)) if a["kind"] == "first_actor"]
    assert [(a["day"], a["actor"], a["area_pcode"]) for a in alerts] == [(day(130), "Turkish Armed Forces", "SY1101")]
    assert alerts[0]["observed"] == 1


def test_new_event_type_in_an_area():
    rows = noise(5, 200, 1.0) + [event(140, event_type="Strategic developments")]
    alerts = [a for a in evaluate(frame(rows), all_days(rows)) if a["kind"] == "new_type"]
    assert [(a["day"], a["event_type"], a["area_pcode"]) for a in alerts] == [(day(140), "Strategic developments", "SY1101")]


def test_an_area_quiet_for_90_days_that_turns_active():
    rows = noise(6, 300, 1.0)  # Raqqa busy all along: the data cover the quiet days
    rows += [event(n, area=DEIR) for n in (10, 12)] + [event(n, area=DEIR) for n in (60, 160, 161)]
    alerts = [a for a in evaluate(frame(rows), all_days(rows)) if a["kind"] == "reactivated"]
    assert [(a["day"], a["area_pcode"], a["last_seen"], a["observed"]) for a in alerts] == [
        (day(160), "SY0901", day(60), 1)]  # 48 days quiet (12 -> 60) is not enough, 100 days is


def test_thresholds_are_settings():
    rows = noise(7, 200, 1.0) + [event(150 + i % 7) for i in range(12)]
    strict, lax = AlertParams(min_events=50), AlertParams(p_value=0.05, min_ratio=1.2)
    assert not [a for a in evaluate(frame(rows), all_days(rows), strict) if a["kind"] == "surge" and a["measure"] == "events"]
    assert len(evaluate(frame(rows), all_days(rows), lax)) > len(evaluate(frame(rows), all_days(rows)))
