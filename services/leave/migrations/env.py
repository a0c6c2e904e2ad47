from folkevalgt_shared.migrations import run_env
from leave.applications import models as application_models  # noqa: F401  (registers the tables)
from leave.db import Base
from leave.employees import models as employee_models  # noqa: F401
from leave.office_leaves import models as office_leave_models  # noqa: F401
from leave.sick_leave import models as sick_leave_models  # noqa: F401
from leave.units import models as unit_models  # noqa: F401

run_env(Base.metadata)
