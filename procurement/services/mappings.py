"""A vendor's own header names, mapped once to GoodBid's fields and reused on every upload."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from imports import IGNORE, REPORT_TYPES, mapping_choices
from procurement.models import ColumnMapping
from procurement.services.audit import audit_record
from procurement.services.errors import ServiceError, vendor_id_or_refuse


def vendor_id_of(user: AbstractBaseUser) -> int:
    return vendor_id_or_refuse(user, code="mapping.not-a-vendor",
                               message=_("Column mappings belong to a vendor: log in as a "
                                         "vendor user."))


def vendor_mapping(*, vendor_id: int, report_type: str) -> dict[str, str]:
    return dict(ColumnMapping.objects.filter(vendor_id=vendor_id, report_type=report_type)
                .values_list("header", "field"))


def column_mapping_save(*, acting_user: AbstractBaseUser, report_type: str,
                        mapping: dict[str, str]) -> list[ColumnMapping]:
    vendor_id = vendor_id_of(acting_user)
    if report_type not in REPORT_TYPES:
        raise ServiceError("mapping.unknown-report-type",
                           _("Unknown report type '%(type)s'. Known: %(known)s.") % {
                               "type": report_type, "known": ", ".join(REPORT_TYPES)})
    fields = {key for key, _label, _required in mapping_choices(report_type)} | {IGNORE}
    unknown = sorted(set(mapping.values()) - fields - {""})
    if unknown:
        raise ServiceError("mapping.unknown-field",
                           _("These are not fields of a %(type)s report: %(unknown)s. "
                             "Use one of: %(fields)s.") % {
                               "type": report_type, "unknown": ", ".join(unknown),
                               "fields": ", ".join(sorted(fields))})
    saved = []
    with transaction.atomic():
        for header, field in mapping.items():
            header = header.strip()
            if not header:
                continue
            if not field:
                ColumnMapping.objects.filter(vendor_id=vendor_id, report_type=report_type,
                                             header=header).delete()
                continue
            row, _created = ColumnMapping.objects.update_or_create(
                vendor_id=vendor_id, report_type=report_type, header=header,
                defaults={"field": field, "created_by": acting_user})
            saved.append(row)
        audit_record(actor=acting_user, action="column-mapping.saved",
                     obj=saved[0] if saved else acting_user.profile,
                     after={"report_type": report_type, "mapping": mapping},
                     vendor_id=vendor_id)
    return saved
