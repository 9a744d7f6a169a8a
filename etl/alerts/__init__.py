"""Surge alerts: pure functions from an events table to alerts (no store, no I/O).

What is watched, for every data day D evaluated (see etl.alerts.evaluate):

* surge — for each admin2 area (P-code) and each actor (actor1 or actor2 of an event), the events and the
  fatalities in the 7 and the 30 days ending on D, against the unit's own baseline: the same unit in the 12
  weeks (84 days, `alert_baseline_days`) just before the window, scaled to the window's length (a seasonally
  naive expectation: whole weeks, so the weekday pattern cancels). The test is a one-sided Poisson tail
  probability p = P(X >= observed | lambda), with lambda = (baseline count + 1) / baseline days * window days
  (one pseudo-event, so an empty baseline is a low rate, not zero). An alert is raised when all hold:
  observed >= `alert_min_events` (events) or `alert_min_fatalities` (fatalities), observed >=
  `alert_min_ratio` * the expected count, and p <= `alert_p_value`; and when the same unit, measure and window
  raised none in the `alert_cooldown_days` before (a surge lasting weeks is one alert, not one a day).
  The baseline must lie wholly within the data (no alert in the first 84 + window days of the store).
* first_actor — an actor seen for the first time in an area whose events go back at least the baseline.
* new_type — an event type (ACLED's six) seen for the first time in such an area.
* reactivated — an area with events on D and none in the `alert_quiet_days` (90) before, where the data
  cover those 90 days.

Events dated only to a month or a year (time_precision 3-4) are left out: they would pile up on the first
day of their period.
"""
