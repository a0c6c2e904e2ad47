"""The order of business in a meeting (MTG-17): changing the order of the cases by a majority."""
