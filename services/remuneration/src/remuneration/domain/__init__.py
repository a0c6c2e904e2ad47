"""The municipality's rules for remuneration (REM-01..92): pure functions, no I/O.

- `settings`: the `remuneration` section of the rule settings (models 1–4) and `rule_book()`.
- `deadlines`: claim and payout deadlines, late claims (REM-04/05).
- `claims`: claims raised by the official — lost earnings, care, travel, fees without a
  secretariat (REM-03, REM-20..22, REM-31/33, REM-70).
- `fees`: meeting fees from attendance (REM-11, REM-30..34).
- `fixed`: mayor pay, severance, fixed yearly pay (REM-10/12/32/34); re-exports `buyout` (REM-40),
  `phone` (REM-50) and `support` (party and representative support, REM-60).
- `leave`, `reductions`: optional deductions for leave and absence (REM-81, REM-80).
- `period`: everything the administration computes for a quarter (`compute_period`).
- `payroll`: reporting code and tax treatment per line, CSV (REM-90/92).
- `rates`, `spans`, `lines`: rates in force on a day, shares of yearly amounts, spans of days,
  building a line.
"""
