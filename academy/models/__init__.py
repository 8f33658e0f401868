"""ORM models: people and their activity. Content lives in files, keyed here by id."""

from academy.models.assessment import (
    Answer,
    Cycle,
    CycleMember,
    CycleReminder,
    CycleResult,
    CycleStatus,
    Response,
    SealedResponse,
)
from academy.models.base import utcnow
from academy.models.learning import Assignment, ModuleProgress, QuizAttempt
from academy.models.outreach import Delivery, DeliveryStatus
from academy.models.people import (
    ROLES,
    Department,
    FormStash,
    ManagedDepartment,
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
    "Assignment",
    "AuditEvent",
    "Cycle",
    "CycleMember",
    "CycleReminder",
    "CycleResult",
    "CycleStatus",
    "Delivery",
    "DeliveryStatus",
    "Department",
    "FormStash",
    "Job",
    "JobStatus",
    "ManagedDepartment",
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
