"""OParl 1.1 read API (https://oparl.org): the public face of the council's data, no token needed.
Only public data: closed-session cases show neither title nor content (MTG-07, MTG-37), and only the
case documents not exempt from public access are files (MTG-06)."""
