from folkevalgt_shared.migrations import run_env
from remuneration.attendance import models as attendance_models  # noqa: F401  (registers the tables)
from remuneration.audit import models as audit_models  # noqa: F401
from remuneration.batches import models as batch_models  # noqa: F401
from remuneration.claims import models as claim_models  # noqa: F401
from remuneration.db import Base
from remuneration.equivalent_remuneration import models as equivalent_remuneration_models  # noqa: F401
from remuneration.loss_bases import models as loss_basis_models  # noqa: F401
from remuneration.officials import models as official_models  # noqa: F401
from remuneration.partylists import models as party_list_models  # noqa: F401
from remuneration.severance import models as severance_models  # noqa: F401

run_env(Base.metadata)
