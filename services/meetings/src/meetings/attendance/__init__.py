"""Who is expected at a meeting: members, reported absences (forfall) and summoned deputies (MTG-10)."""
