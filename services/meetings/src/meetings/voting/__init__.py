"""Votes on the cases of a meeting: who may vote, quorum per case, majority and casting vote."""
