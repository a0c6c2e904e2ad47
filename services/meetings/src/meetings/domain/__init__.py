"""The municipality's rules for meetings: pure functions, no I/O."""
