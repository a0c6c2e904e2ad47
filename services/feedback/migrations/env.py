from folkevalgt_shared.migrations import run_env
from feedback.db import Base

run_env(Base.metadata)
