from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procurement.models import (
    ApiToken,
    ApiTokenStatus,
    AuditEvent,
    Contract,
    EvaluationRun,
    GoodFaithEffort,
    Jurisdiction,
    Profile,
    Project,
    ProjectGrade,
    Review,
    Role,
    Standard,
    StandardVersion,
    Submission,
    TranslatedDocument,
    TranslationReview,
    Vendor,
    WorkforcePlan,
)
from procurement.selectors import user_scope
from procurement.services.tokens import api_token_revoke
from procurement.translations import review_states


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are never edited: the audit trail, runs, reviews, standard versions."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "trade_name", "city", "employee_count"]
    search_fields = ["legal_name", "trade_name"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "vendor", "jurisdiction"]
    list_filter = ["role"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "vendor", "kind", "value", "cadence", "project", "tier"]
    list_filter = ["jurisdiction", "kind", "project"]
    autocomplete_fields = ["parent"]
    search_fields = ["number", "title", "vendor__legal_name"]

    def save_model(self, request, obj, form, change) -> None:
        """A subcontract is one tier below the contract it is let under, on its project."""
        if obj.parent_id is not None:
            obj.tier = obj.parent.tier + 1
            obj.project_id = obj.project_id or obj.parent.project_id
        else:
            obj.tier = 0
        super().save_model(request, obj, form, change)


class ContractInline(admin.TabularInline):
    model = Contract
    fields = ["number", "vendor", "parent", "tier"]
    readonly_fields = ["number", "vendor", "parent", "tier"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """A construction project: its contracts are attached on each contract's page (project,
    and for a subcontract the contract it is let under)."""

    list_display = ["name", "jurisdiction", "neighbourhood", "starts_on", "ends_on",
                    "monitored"]
    list_filter = ["jurisdiction", "monitored"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}
    inlines = [ContractInline]


@admin.register(WorkforcePlan)
class WorkforcePlanAdmin(ReadOnlyAdmin):
    list_display = ["contract", "version", "status", "planned_hours", "submitted_at"]
    list_filter = ["status"]


@admin.register(ProjectGrade)
class ProjectGradeAdmin(ReadOnlyAdmin):
    list_display = ["project", "month", "grade", "recent_grade", "graded_at"]
    list_filter = ["grade"]


@admin.register(GoodFaithEffort)
class GoodFaithEffortAdmin(ReadOnlyAdmin):
    list_display = ["project", "contract", "kind", "happened_on", "recorded_at"]


@admin.register(Standard)
class StandardAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "jurisdiction", "report_type"]


@admin.register(StandardVersion)
class StandardVersionAdmin(ReadOnlyAdmin):
    list_display = ["standard", "version", "effective_from", "effective_to"]


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["id", "vendor", "original_filename", "version", "status", "created_at"]
    list_filter = ["status", "jurisdiction"]


@admin.register(EvaluationRun)
class EvaluationRunAdmin(ReadOnlyAdmin):
    list_display = ["submission", "number", "valid", "violation_count", "created_at"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["submission", "decision", "decided_by", "decided_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "object_type", "object_id"]
    list_filter = ["action"]


class ApiTokenStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list:
        return ApiTokenStatus.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        if self.value() not in ApiTokenStatus.values:
            return queryset
        return queryset.with_status(ApiTokenStatus(self.value()), timezone.now())


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Tokens are created where the key can be shown once (the API, `create_api_token`) and
    never edited; an administrator revokes them here, audited like any revocation."""

    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "expires_at",
                    "revoked_at", "token_status"]
    list_filter = [ApiTokenStatusFilter]
    list_select_related = ["user"]
    search_fields = ["user__username", "name", "prefix"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "expires_at",
              "revoked_at"]
    actions = ["revoke"]

    @admin.display(description=_("status"))
    def token_status(self, token: ApiToken) -> str:
        return token.status(timezone.now()).label

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return user_scope(request.user).role == Role.ADMIN

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token_id in queryset.values_list("pk", flat=True):
            api_token_revoke(acting_user=request.user, token_id=token_id)
        self.message_user(request, _("Revoked. A client using these tokens is refused now."),
                          messages.SUCCESS)


@admin.register(TranslationReview)
class TranslationReviewAdmin(ReadOnlyAdmin):
    """Sign-offs are made in the app (Translations), never edited; the list opens with every
    language's review state."""

    list_display = ["language", "document", "reviewer", "signed_at", "entries"]
    list_filter = ["language", "document"]

    def changelist_view(self, request, extra_context=None):
        extra = {"states": review_states(), "documents": TranslatedDocument.choices,
                 **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)
