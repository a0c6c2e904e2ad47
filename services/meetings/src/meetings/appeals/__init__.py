"""Legality appeals (lovlighetsklage), MTG-38."""
