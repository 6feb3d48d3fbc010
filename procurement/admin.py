from django.contrib import admin

from procurement.models import Profile, Standard, StandardVersion, Submission, Vendor


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["legal_name", "trade_name"]
    search_fields = ["legal_name", "trade_name"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "vendor"]
    list_filter = ["role"]


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "jurisdiction", "report_type"]


@admin.register(StandardVersion)
class StandardVersionAdmin(admin.ModelAdmin):
    list_display = ["standard", "version", "effective_from", "effective_to"]
    readonly_fields = ["standard", "version", "effective_from", "effective_to", "parameters",
                       "source", "notes", "loaded_at"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "vendor", "original_filename", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["checksum", "size", "report", "created_at", "checked_at"]
