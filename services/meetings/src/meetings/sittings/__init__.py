"""Meetings of the bodies (møter): scheduling, the agenda (saksliste) and the notice (innkalling)."""
