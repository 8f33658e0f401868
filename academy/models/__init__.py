"""ORM models: people and their activity. Content lives in files, keyed here by id."""

from academy.models.assessment import (
    Answer,
    Cycle,
    CycleMember,
    CycleResult,
    CycleStatus,
    Response,
    SealedResponse,
)
from academy.models.base import utcnow
from academy.models.learning import ModuleProgress, QuizAttempt
from academy.models.people import (
    ROLES,
    Department,
    FormStash,
    Person,
    User,
    UserRole,
    WebSession,
)
from academy.models.platform import ApiToken, AuditEvent, Job, JobStatus

__all__ = [
    "ROLES",
    "Answer",
    "ApiToken",
    "AuditEvent",
    "Cycle",
    "CycleMember",
    "CycleResult",
    "CycleStatus",
    "Department",
    "FormStash",
    "Job",
    "JobStatus",
    "ModuleProgress",
    "Person",
    "QuizAttempt",
    "Response",
    "SealedResponse",
    "User",
    "UserRole",
    "WebSession",
    "utcnow",
]
