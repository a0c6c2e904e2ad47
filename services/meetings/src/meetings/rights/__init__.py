"""Rights to attend and speak without a vote, per body (MTG-03)."""
