from folkevalgt_shared.migrations import run_env
from meetings.db import Base
from meetings.register import models  # noqa: F401  (registers the tables)

run_env(Base.metadata)
