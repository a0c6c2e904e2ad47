"""What the meetings API shows to whom: closed-session and exempt content (MTG-06/07, ACC-20/23) and
personal data (email, gender, absence reasons)."""
