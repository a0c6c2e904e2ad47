from feedback.db import Base
from feedback.initiatives import models as initiative_models  # noqa: F401
from feedback.items import models as item_models  # noqa: F401  (registers the tables)
from feedback.mail import models as mail_models  # noqa: F401
from feedback.proxies import models as proxy_models  # noqa: F401
from feedback.registry import models as registry_models  # noqa: F401
from folkevalgt_shared.migrations import run_env

run_env(Base.metadata)
