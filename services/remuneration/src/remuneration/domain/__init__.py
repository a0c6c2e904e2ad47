"""The municipality's rules for remuneration (REM-01..92): pure functions, no I/O."""
