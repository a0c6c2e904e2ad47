"""The treatment of a case in a meeting: proposals, opening the vote, arrivals and leaves (MTG-12, 16, 20, 21)."""
