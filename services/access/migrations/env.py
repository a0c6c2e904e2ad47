from access.db import Base
from folkevalgt_shared.migrations import run_env

run_env(Base.metadata)
