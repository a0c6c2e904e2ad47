from folkevalgt_shared.migrations import run_env
from access.db import Base

run_env(Base.metadata)
