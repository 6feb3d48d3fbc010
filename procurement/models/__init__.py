from procurement.models.contracts import Cadence, Contract, ContractKind
from procurement.models.people import Jurisdiction, Profile, Role, Vendor
from procurement.models.projects import (
    EffortKind,
    GoodFaithEffort,
    Grade,
    PlanStatus,
    Project,
    ProjectGrade,
    WorkforcePlan,
)
from procurement.models.remedy import BackPayment, PaymentStatus, ReportReply
from procurement.models.reviews import (
    ApiToken,
    ApiTokenStatus,
    AuditEvent,
    Decision,
    Review,
    WaiverReason,
)
from procurement.models.schedules import ScheduleUpdates, WageSchedule, WageScheduleVersion
from procurement.models.standards import Standard, StandardVersion
from procurement.models.submissions import (
    SIGNED_STATUSES,
    STATE_TEXT,
    ColumnMapping,
    EvaluationRun,
    Submission,
    SubmissionStatus,
)
from procurement.models.translations import TranslatedDocument, TranslationReview

__all__ = [
    "ApiToken",
    "ApiTokenStatus",
    "AuditEvent",
    "BackPayment",
    "Cadence",
    "ColumnMapping",
    "Contract",
    "ContractKind",
    "Decision",
    "EffortKind",
    "GoodFaithEffort",
    "Grade",
    "PlanStatus",
    "Project",
    "ProjectGrade",
    "WorkforcePlan",
    "EvaluationRun",
    "Jurisdiction",
    "PaymentStatus",
    "Profile",
    "ReportReply",
    "Review",
    "Role",
    "ScheduleUpdates",
    "Standard",
    "StandardVersion",
    "Submission",
    "TranslatedDocument",
    "TranslationReview",
    "SubmissionStatus",
    "SIGNED_STATUSES",
    "STATE_TEXT",
    "Vendor",
    "WageSchedule",
    "WageScheduleVersion",
    "WaiverReason",
]
