"""Minutes (protokoll) generated from the record of the meeting (MTG-35..37)."""
