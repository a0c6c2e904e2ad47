"""Disqualification per case (MTG-11, MTG-13, MTG-14): decided by the body, a deputy for that case only."""
