"""Opening of a meeting (MTG-15): notice and agenda approval, signatories of the minutes and their
approval (MTG-37), and the administration present (MTG-35)."""
