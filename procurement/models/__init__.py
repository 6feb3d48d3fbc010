from procurement.models.people import Profile, Role, Vendor
from procurement.models.standards import Standard, StandardVersion
from procurement.models.submissions import Submission, SubmissionStatus

__all__ = [
    "Profile",
    "Role",
    "Standard",
    "StandardVersion",
    "Submission",
    "SubmissionStatus",
    "Vendor",
]
