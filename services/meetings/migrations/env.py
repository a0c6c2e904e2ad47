from folkevalgt_shared.migrations import run_env
from meetings.appeals import models as appeal_models  # noqa: F401
from meetings.attendance import models as attendance_models  # noqa: F401
from meetings.citizens import models as citizen_models  # noqa: F401
from meetings.db import Base
from meetings.debate import models as debate_models  # noqa: F401
from meetings.disqualification import models as disqualification_models  # noqa: F401
from meetings.elections import models as election_models  # noqa: F401
from meetings.opening import models as opening_models  # noqa: F401
from meetings.order import models as order_models  # noqa: F401
from meetings.questions import models as question_models  # noqa: F401
from meetings.register import models  # noqa: F401  (registers the tables)
from meetings.remarks import models as remark_models  # noqa: F401
from meetings.rights import models as right_models  # noqa: F401
from meetings.sittings import models as sitting_models  # noqa: F401
from meetings.treatment import models as treatment_models  # noqa: F401
from meetings.voting import models as voting_models  # noqa: F401

run_env(Base.metadata)
