from django.contrib import admin

from procurement.models import (
    ApiToken,
    AuditEvent,
    Contract,
    EvaluationRun,
    Jurisdiction,
    Profile,
    Review,
    Standard,
    StandardVersion,
    Submission,
    Vendor,
)


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
    list_display = ["number", "title", "vendor", "kind", "value", "cadence"]
    list_filter = ["jurisdiction", "kind"]


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


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
