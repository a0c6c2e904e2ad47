"""The speakers' list: requesting the floor, replies and the chair giving the floor (MTG-19, MTG-31)."""
