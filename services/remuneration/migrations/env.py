from folkevalgt_shared.migrations import run_env
from remuneration.db import Base

run_env(Base.metadata)
