"""`check_file`: check a payroll or workforce file against standards, from the command line.

Pure Python (no Django): `manage.py check_file` runs it without setting Django up, so checking
a file costs reading and checking it, not starting the web application.

    check_file PATH --standard CODE [--standard CODE ...] [--format json|text]
               [--layout CODE] [--period-end YYYY-MM-DD]
    check_file PAYROLL --schedule DETERMINATION.txt|SCHEDULE.csv [--standard CODE ...]
    check_file --list-standards | --list-layouts

Exit codes: 0 the file is valid and compliant; 1 it has issues or findings; 2 it could not be
checked (unreadable, a required column or the pay period missing, an unknown standard or
layout).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, TextIO

import orjson

from imports import money
from imports.i18n import Message


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(
        prog="check_file",
        description="Check a wage, payroll, certified payroll or workforce report (CSV or "
                    "workbook) against one or more standards. It reads the standard files in "
                    "rules/standards/ only: a version an administrator added in the GoodBid "
                    "application (kept in its database) is not applied here.")
    parse.add_argument("path", nargs="?", help="the report file (.csv, .xlsx, .xls, .ods)")
    parse.add_argument("--standard", action="append",
                       help="a standard code, e.g. boston-living-wage or "
                            "mdhr-workforce-goals:hennepin (repeatable)")
    parse.add_argument("--schedule", help="a prevailing wage schedule to check a certified "
                                          "payroll against: a federal wage determination's "
                                          "text as SAM.gov publishes it (.txt), or a state "
                                          "schedule in GoodBid's CSV template (.csv)")
    parse.add_argument("--format", choices=["json", "text"], default="text")
    parse.add_argument("--layout", help="read the file as this payroll system's layout "
                                        "(see --list-layouts) instead of detecting it")
    parse.add_argument("--period-end", help="the pay period's last day (YYYY-MM-DD), for a "
                                            "file that does not say")
    parse.add_argument("--list-standards", action="store_true",
                       help="list the codes --standard accepts, and stop")
    parse.add_argument("--list-layouts", action="store_true",
                       help="list the payroll-system layouts --layout accepts, and stop")
    return parse


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.list_standards:
        from rules.standards import standard_choices

        for code, title in standard_choices():
            out.write(f"{code:48} {title}\n")
        return 0
    if args.list_layouts:
        from imports.layouts import layouts

        for layout in sorted(layouts(), key=lambda item: item.code):
            out.write(f"{layout.code:40} {layout.label}\n")
        return 0
    if not args.path or not (args.standard or args.schedule):
        err.write("Give the report file and at least one --standard CODE, for example: "
                  "check_file wages.csv --standard boston-living-wage (check_file "
                  "--list-standards lists the codes), or a certified payroll and its "
                  "--schedule FILE.\n")
        return 2
    file = Path(args.path)
    if not file.is_file():
        err.write(f"No file at {args.path}. Give the path of a .csv or .xlsx report.\n")
        return 2
    period_end = None
    if args.period_end:
        try:
            period_end = dt.date.fromisoformat(args.period_end)
        except ValueError:
            err.write(f"--period-end {args.period_end}: write the date as YYYY-MM-DD, for "
                      f"example 2024-07-14.\n")
            return 2
    schedule = None
    if args.schedule:
        from rules.schedules import ScheduleError, read_schedule

        schedule_file = Path(args.schedule)
        if not schedule_file.is_file():
            err.write(f"No schedule at {args.schedule}. Give a wage determination's text "
                      f"(.txt) or a schedule in GoodBid's CSV template (.csv).\n")
            return 2
        try:
            schedule = read_schedule(schedule_file.read_bytes(), schedule_file.name)
        except ScheduleError as error:
            err.write(f"{schedule_file.name}: {error}\n")
            return 2
    content = file.read_bytes()
    # The file's parse starts now, in its child process, while pandas and the rules load.
    from imports.child import start_read

    pending = start_read(content, file.name)
    from imports import LayoutError
    from rules.check import check_upload
    from rules.report import render_text
    from rules.standards import StandardError

    try:
        report = check_upload(content, file.name, args.standard or [], layout=args.layout,
                              period_end=period_end, pending=pending, schedule=schedule)
    except (StandardError, LayoutError) as error:
        err.write(f"{error}\n")
        return 2
    except Exception as error:  # a fault of GoodBid's own: said plainly, never a traceback
        if os.environ.get("GOODBID_DEBUG"):
            raise
        err.write(f"GoodBid could not check {file.name} because of a fault on its side "
                  f"({type(error).__name__}). Please report it with the file to the city's "
                  f"team; GOODBID_DEBUG=1 shows the details.\n")
        return 2
    exit_code = report.exit_code()
    if args.format == "json":
        data = report.to_dict(findings_as_objects=True)
        # orjson: the report of a large file (tens of thousands of findings) in a few
        # hundredths of a second instead of a few tenths.
        encoded = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
        binary = getattr(out, "buffer", None)
        if binary is not None:
            out.flush()
            binary.write(encoded)
            return exit_code
        out.write(encoded.decode())
        return exit_code
    out.write(render_text(report.to_dict()))
    if report.paid_vs_required:
        out.write(paid_vs_required_text(report.paid_vs_required))
    return exit_code


# Titles as long as a federal determination's ("Asbestos Workers/Insulator (Includes the
# application of ...)") are cut here in the table; the JSON keeps them whole.
TITLE_WIDTH = 40


def paid_vs_required_text(entries: list[dict[str, Any]]) -> str:
    """The officer's table of what a certified payroll paid beside what the schedule requires,
    one line per classification (rules.prevailing_wage.paid_vs_required)."""
    header = [Message("Classification"), Message("Required"), Message("Lowest paid"),
              Message("With fringe"), Message("Workers"), Message("Hours"),
              Message("Lines below"), Message("Back pay")]
    table = [[cell.render() for cell in header]]
    for entry in entries:
        title = entry["classification"]
        if len(title) > TITLE_WIDTH:
            title = title[:TITLE_WIDTH - 1] + "\u2026"
        table.append([title, _required(entry).render(), _dollars(entry["lowest_rate"]),
                      _dollars(entry["lowest_cash_and_fringe"]), str(entry["workers"]),
                      entry["hours"], "-" if entry["lines_below"] is None
                      else str(entry["lines_below"]), _dollars(entry["back_pay"])])
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    lines = ["", Message("Paid vs required per classification:").render()]
    lines += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
              .rstrip() for row in table]
    return "\n".join(lines) + "\n"


def _required(entry: dict[str, Any]) -> Message:
    if not entry["listed"]:
        return Message("not on the schedule")
    base = _dollars(entry["base"])
    if entry.get("fringe_formula"):
        if entry["per"] == "day":
            return Message("{base}/day + fringe {formula}", base=base,
                           formula=entry["fringe_formula"])
        return Message("{base}/hour + fringe {formula}", base=base,
                       formula=entry["fringe_formula"])
    if entry["per"] == "day":
        return Message("{base}/day + {fringe}/hour", base=base, fringe=_dollars(entry["fringe"]))
    return Message("{required}/hour", required=_dollars(entry["required"]))


def _dollars(amount: str | None) -> str:
    return money.text(money.units(amount)) if amount is not None else "-"


def main(argv: list[str] | None = None) -> int:
    return run(parser().parse_args(argv), sys.stdout, sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
