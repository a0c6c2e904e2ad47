"""Minutes remarks (protokolltilførsel, MTG-36)."""
