"""Findings stored as columns read exactly as findings made one at a time."""

from __future__ import annotations

import json

import pandas as pd

from imports.i18n import Message
from rules import get_standard
from rules.columns import json_string
from rules.findings import Findings, finding_key, summary_columns
from rules.wage_floor import WageFloor

NAMES = ['Ana "La Jefa" López', "back\\slash", "tab\there", "bell\x07", "Zoë\u2028Ng", "Bo"]


def test_json_strings_are_what_json_writes():
    assert json_string(NAMES).to_pylist() == [json.dumps(n, ensure_ascii=False)
                                              for n in NAMES]
    assert json_string(["18.20", "2024-07-07"]).to_pylist() == ['"18.20"', '"2024-07-07"']


def _frame() -> pd.DataFrame:
    """Six workers under the Boston floor ($18.20 from 2024-07-01), names that need escaping,
    one with IDs, overtime on a low rate, and a rate worked out from the earnings."""
    rows = []
    for n, name in enumerate(NAMES):
        rows.append({"row": 2 + 2 * n, "worker": name, "worker_id": f"E{n}" if n % 2 else None,
                     "hourly_rate": 180_000 - n * 1_005, "hours": 40.0 + n / 4,
                     "period_end": pd.Timestamp("2024-07-07"), "earning_type": "regular",
                     "rate_basis": "earnings" if n == 3 else None,
                     "basis_amount": 7_200_000 if n == 3 else None,
                     "basis_hours": 40.0 if n == 3 else None})
        rows.append({"row": 3 + 2 * n, "worker": name, "worker_id": f"E{n}" if n % 2 else None,
                     "hourly_rate": 270_000, "hours": 5.5, "period_end": pd.Timestamp("2024-07-07"),
                     "earning_type": "overtime", "rate_basis": None, "basis_amount": None,
                     "basis_hours": None})
    return pd.DataFrame(rows)


def test_a_finding_stored_as_figures_reads_as_a_whole_finding():
    table = WageFloor().evaluate(_frame(), get_standard("boston-living-wage"), columns={},
                                 sheet=None).findings.table()
    findings = Findings(table)
    assert len(findings) == len(NAMES)
    assert table.column("message").null_count == len(NAMES)  # nothing written when stored
    for position, finding in enumerate(findings):
        data = finding.to_dict()
        for name in ("message", "remedy"):  # the English is the msgid with its values
            assert Message.from_dict(data["i18n"][name]).render() == data[name]
        summary = summary_columns(data)
        stored = {name: table.column(name)[position].as_py() for name in summary}
        assert stored == summary  # the key, the worker and the cents agree with the finding
        assert stored["key"] == finding_key(data)
    by_worker = {f.scope["worker"]: f for f in findings}
    ana = by_worker['Ana "La Jefa" López']
    assert ana.message.startswith('Ana "La Jefa" López was paid $18.00/hour in the pay period '
                                  "ending 2024-07-07: $0.20 below the Boston Living Wage")
    assert "Overtime was paid on the low rate too" in ana.remedy
    assert ana.figures["overtime_hours"] == "5.5" and ana.rows == [2]  # the low line
    worked_out = by_worker["bell\x07 (ID E3)"]
    assert worked_out.figures["rate_basis"] == "worked out"
    assert worked_out.message.endswith("the rate is the earnings divided by the hours "
                                       "($720.00 / 40 hours).")


def test_hiring_goal_findings_are_stored_as_figures_and_read_whole():
    from pathlib import Path

    from rules.check import check_upload

    demo = Path(__file__).resolve().parents[2] / "procurement" / "demo"
    report = check_upload((demo / "workforce_report_july_2024.csv").read_bytes(),
                          "workforce.csv", ["boston-brjp"])
    table = report.findings.table()
    goals = [n for n, code in enumerate(table.column("code").to_pylist())
             if code.startswith("hiring-goal.")]
    assert goals and all(table.column("message")[n].as_py() is None for n in goals)
    for n in goals:
        finding = report.findings[n].to_dict()
        assert table.column("key")[n].as_py() == finding_key(finding)
        assert finding["message"].startswith(("Boston residents worked", "People of color worked",
                                               "Women worked"))
        for name in ("message", "remedy"):
            assert Message.from_dict(finding["i18n"][name]).render() == finding[name]
