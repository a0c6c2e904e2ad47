"""Bodies, people and memberships: the register every other service copies by events."""
