"""The assessment use cases in one place, as views, commands, demo data and tests call them.

Cycles (HR) live in :mod:`.cycles`, answering in :mod:`.responses`, closing in the
background in :mod:`.release`; this module is their public face.
"""

from academy.assess.cycles import (
    CycleError,
    assessment_for,
    close_cycle,
    create_cycle,
    has_answered,
    local_today,
    open_cycle,
    open_cycle_of,
)
from academy.assess.responses import (
    AlreadyAnswered,
    CycleNotOpen,
    IncompleteResponse,
    personal_scores,
    submit_response,
)

__all__ = [
    "AlreadyAnswered",
    "CycleError",
    "CycleNotOpen",
    "IncompleteResponse",
    "assessment_for",
    "close_cycle",
    "create_cycle",
    "has_answered",
    "local_today",
    "open_cycle",
    "open_cycle_of",
    "personal_scores",
    "submit_response",
]
