from access.audit import models as audit_models  # noqa: F401  (registers the tables)
from access.cases import models as case_models  # noqa: F401
from access.db import Base
from access.declarations import models as declaration_models  # noqa: F401
from access.disputes import models as dispute_models  # noqa: F401
from access.documents import models as document_models  # noqa: F401
from access.facts import models as fact_models  # noqa: F401
from access.grants import models as grant_models  # noqa: F401
from access.joint_demands import models as joint_demand_models  # noqa: F401
from access.requests import models as request_models  # noqa: F401
from folkevalgt_shared.migrations import run_env

run_env(Base.metadata)
