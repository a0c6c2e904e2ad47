"""Majority elections and appointments in a case (MTG-26, MTG-27, MTG-28)."""
