"""Questions and interpellations to the mayor (MTG-30, MTG-31), recorded in the minutes (MTG-35)."""
