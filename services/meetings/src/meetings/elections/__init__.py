"""Elections and appointments in a case: majority (MTG-26, MTG-27) and proportional (MTG-28)."""
