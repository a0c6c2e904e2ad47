from folkevalgt_shared.migrations import run_env
from leave.db import Base

run_env(Base.metadata)
