"""Powers of attorney from the feedback service (FBK-13), and the disqualification they cause (fvl § 6 d)."""
