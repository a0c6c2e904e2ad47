"""Leave from office (permisjon fra vervet) as the leave service reports it (LEA-60, REM-81)."""
