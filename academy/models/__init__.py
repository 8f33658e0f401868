"""ORM models: people and their activity. Content lives in files, keyed here by id."""

from academy.models.assessment import (
    Answer,
    Cycle,
    CycleHeadcount,
    CycleStatus,
    Participation,
    Response,
)
from academy.models.base import utcnow
from academy.models.learning import ModuleProgress, QuizAttempt
from academy.models.people import ROLES, Department, User, UserRole
from academy.models.platform import ApiToken, AuditEvent
from academy.models.reports import CycleAggregate

__all__ = [
    "ROLES",
    "Answer",
    "ApiToken",
    "AuditEvent",
    "Cycle",
    "CycleAggregate",
    "CycleHeadcount",
    "CycleStatus",
    "Department",
    "ModuleProgress",
    "Participation",
    "QuizAttempt",
    "Response",
    "User",
    "UserRole",
    "utcnow",
]
