"""report_template passes the wage schedule's classifications through, in the reader's
language; the filename stays the same."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.utils import translation

from procurement.services.templates import report_template

SCHEDULE = ["CARPENTER (2) Commercial Building", "ELECTRICIAN (Low Voltage Wiring)"]


@pytest.mark.django_db  # whether the instructions' translation is signed off
def test_the_template_offers_the_classifications_in_spanish():
    with translation.override("es"):
        content, filename = report_template("certified_payroll", SCHEDULE)
    assert filename == "goodbid-certified_payroll-report-template.xlsx"
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Report", "Instrucciones", "Clasificaciones"]
    [rule] = [rule for rule in workbook["Report"].data_validations.dataValidation
              if rule.formula1 == "'Clasificaciones'!$A$1:$A$2"]
    assert (rule.type, rule.errorStyle) == ("list", "warning")
    assert rule.error.startswith("Una clasificación que no está en la tabla salarial")
    assert [row[0].value for row in workbook["Clasificaciones"].iter_rows()] == SCHEDULE
    instructions = [row[0].value for row in workbook["Instrucciones"].iter_rows()]
    assert any(line and line.startswith("La lista desplegable de 'Labor classification'")
               for line in instructions)


def test_without_classifications_the_template_is_unchanged():
    content, filename = report_template("certified_payroll")
    assert filename == "goodbid-certified_payroll-report-template.xlsx"
    assert openpyxl.load_workbook(io.BytesIO(content)).sheetnames == ["Report", "Instructions"]
