"""Citizens' channels to the council, the meetings side: question time (MTG-32), citizen initiatives
(MTG-33) and delegations (MTG-34). Intake of questions and signatures lives in the feedback service."""
