"""The catalogue of issue and finding codes: each with its title, one message and one hint.

Codes stay stable for programs (the API, the exports' Code column, stored reports); people
read a title, a message and a hint. A call site names its code and passes values
(`Code.NOT_A_NUMBER.message(row=3)`); the sentences live here, once, each a msgid marked
with `gettext_noop` so makemessages collects it and the reader's language is used where it
is shown (imports.i18n). A phrase that varies with the case (a sheet's hidden names, who
filed) is a value of the sentence, itself a Message. A finding's hint is its remedy.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from imports.i18n import Message, gettext_noop

UNTITLED = gettext_noop("Other problems in these rows")


class Code(StrEnum):
    """An issue or finding code. A member equals its code string ("import.not-a-number"), so
    stored reports, the API and comparisons with plain strings keep working."""

    # -- the file as a whole ------------------------------------------------------------
    UNSUPPORTED_FORMAT = (
        "import.unsupported-format",
        gettext_noop("A kind of file GoodBid cannot read"),
        gettext_noop("'{filename}' is {what}."),
        gettext_noop("Save the report as an Excel workbook (.xlsx) or as CSV, and upload "
                     "that."))
    COMPRESSED_ARCHIVE = (
        "import.compressed-archive",
        gettext_noop("A compressed archive, not a spreadsheet"),
        gettext_noop("'{filename}' is a compressed {kind} archive, not a spreadsheet."),
        gettext_noop("Unpack it and upload the spreadsheet (.xlsx or .csv) inside."))
    APPLE_NUMBERS = (
        "import.apple-numbers",
        gettext_noop("An Apple Numbers file"),
        gettext_noop("'{filename}' is an Apple Numbers file."),
        gettext_noop("In Numbers choose File > Export To > Excel, and upload the .xlsx file."))
    UNREADABLE_WORKBOOK = (
        "import.unreadable-workbook",
        gettext_noop("A workbook that could not be opened"),
        gettext_noop("'{filename}' could not be read ({error})."),
        gettext_noop("Open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx), "
                     "or as CSV."))
    MACROS_NOT_REMOVED = (
        "import.macros-not-removed",
        gettext_noop("A workbook whose macros could not be removed"),
        gettext_noop("The macros in '{filename}' could not be removed ({error}); GoodBid does "
                     "not keep a file with macros."),
        gettext_noop("Save the workbook as .xlsx (Excel Workbook, without macros) and upload "
                     "that."))
    UNREADABLE_CSV = (
        "import.unreadable-csv",
        gettext_noop("A text file that could not be read"),
        gettext_noop("'{filename}' could not be read as CSV ({error})."),
        gettext_noop("Open it in Excel or LibreOffice and save it as an Excel workbook (.xlsx), "
                     "then upload that."))
    DAMAGED_FILE = (
        "import.damaged-file",
        gettext_noop("A damaged file"),
        gettext_noop("'{filename}' is damaged or is not really a spreadsheet ({error})."),
        gettext_noop("Upload the file again; if it still fails, open it in Excel or LibreOffice "
                     "and save it again as .xlsx, or save it as CSV."))
    ENCRYPTED_WORKBOOK = (
        "import.encrypted-workbook",
        gettext_noop("A workbook locked with a password"),
        gettext_noop("'{filename}' is protected with a password, so GoodBid cannot open it."),
        gettext_noop("Open it in Excel, remove the password (File > Info > Protect Workbook > "
                     "Encrypt with Password, then clear it), save, and upload it again."))
    STRICT_OOXML = (
        "import.strict-ooxml",
        gettext_noop("A workbook saved as “Strict Open XML”"),
        gettext_noop("'{filename}' is saved as 'Strict Open XML Spreadsheet', which GoodBid "
                     "cannot read reliably."),
        gettext_noop("In Excel choose File > Save As > 'Excel Workbook (.xlsx)' and upload that "
                     "copy."))
    XML_SPREADSHEET = (
        "import.xml-spreadsheet",
        gettext_noop("An old XML spreadsheet"),
        gettext_noop("'{filename}' is an 'XML Spreadsheet 2003' file, which GoodBid does not "
                     "read."),
        gettext_noop("Open it in Excel, choose File > Save As > 'Excel Workbook (.xlsx)', and "
                     "upload that copy."))
    XML_ENTITIES = (
        "import.xml-entities",
        gettext_noop("A file with unsafe content"),
        gettext_noop("'{filename}' contains XML entity declarations, which spreadsheets saved "
                     "by Excel, LibreOffice or Google Sheets never have; GoodBid does not read "
                     "such files."),
        gettext_noop("Open the file in Excel or LibreOffice, save it again as .xlsx, and upload "
                     "that."))
    WEB_PAGE = (
        "import.web-page",
        gettext_noop("A web page, not a spreadsheet"),
        gettext_noop("'{filename}' is a web page (HTML) saved with a spreadsheet's name, as "
                     "some payroll systems' 'Excel' downloads are."),
        gettext_noop("Open it in Excel, choose File > Save As > 'Excel Workbook (.xlsx)', and "
                     "upload that copy; or download the report as CSV."))
    PDF = (
        "import.pdf",
        gettext_noop("A PDF, not a spreadsheet"),
        gettext_noop("'{filename}' is a PDF: GoodBid reads the numbers in a spreadsheet, not a "
                     "printed report."),
        gettext_noop("Export the payroll from your payroll system as Excel or CSV instead: in "
                     "ADP, open the report (Earnings and Hours, or the Payroll Register) and "
                     "choose Excel; in Paychex Flex, run the Payroll Journal and download it as "
                     "Excel or CSV; in Gusto, Reports > Payroll journal > CSV; in QuickBooks, "
                     "Reports > Payroll Details > Export to Excel; in Square, Toast, Homebase "
                     "or When I Work, export the timesheets or payroll as CSV. A certified "
                     "payroll (WH-347) kept in Excel can be uploaded as it is."))
    PICTURE = (
        "import.picture",
        gettext_noop("A picture, not a spreadsheet"),
        gettext_noop("'{filename}' is a picture ({kind}), such as a photo or a scan: GoodBid "
                     "reads the numbers in a spreadsheet, not an image of one."),
        PDF[3])
    EMPTY_FILE = (
        "import.empty-file",
        gettext_noop("An empty file"),
        gettext_noop("The file is empty."),
        gettext_noop("Upload the filled-in report."))
    FILE_TOO_LARGE = (
        "import.file-too-large",
        gettext_noop("A file too large to check"),
        gettext_noop("The file is {size:.1f} MB; the limit is {limit} MB."),
        gettext_noop("Split the report into several files, for example one per month."))
    TOO_LARGE_UNCOMPRESSED = (
        "import.too-large-uncompressed",
        gettext_noop("A file too large to check"),
        gettext_noop("'{filename}' would unpack to {size:,.0f} MB, more than the {limit} MB "
                     "GoodBid reads."),
        gettext_noop("Split the report into several files (for example one per month) or "
                     "save it as CSV."))
    SHEET_TOO_LARGE = (
        "import.sheet-too-large",
        gettext_noop("A sheet too large to check"),
        gettext_noop("'{where}' has {rows:,} rows and {columns:,} columns; GoodBid reads at "
                     "most {max_rows:,} rows and {max_columns} columns."),
        gettext_noop("Delete stray content far below or to the right of the report (press "
                     "Ctrl+End in Excel to find it), or split the report into several files."))
    ROW_TOO_WIDE = (
        "import.row-too-wide",
        gettext_noop("A row with too many cells"),
        gettext_noop("Row {row} of '{where}' has {columns:,} cells; GoodBid reads at most "
                     "{max_columns} columns."),
        gettext_noop("Check that the file really is the report, saved with one row per line, "
                     "and that the separator (comma or semicolon) is only used between values; "
                     "or save it from Excel as .xlsx."))
    TOO_COMPLEX = (
        "import.too-complex",
        gettext_noop("A file too complex to check"),
        gettext_noop("'{filename}' {detail}."),
        gettext_noop("Copy the report's rows into a new workbook, or save it as CSV."))
    UNBALANCED_QUOTE = (
        "import.unbalanced-quote",
        gettext_noop("A quotation mark left open"),
        gettext_noop("Row {row} opens a quotation mark (\") that is never closed, so "
                     "everything after it reads as one value."),
        gettext_noop("Remove that quotation mark or close it (a quote inside a value is written "
                     "twice: \"\"), or save the file from Excel as .xlsx and upload that."))
    FULL_SSN = (
        "import.full-ssn",
        gettext_noop("Full Social Security numbers"),
        gettext_noop("Row {row}, column {letter} holds a full Social Security number. GoodBid "
                     "does not accept files with full SSNs and has not kept this one."),
        gettext_noop("Replace each SSN with its last four digits or your own worker number (as "
                     "the WH-347 form asks), then upload the file again."))

    # -- finding the report in the file -------------------------------------------------
    NO_SHEET = (
        "import.no-sheet",
        gettext_noop("No sheet with a report"),
        gettext_noop("The workbook has no visible worksheet{hidden}."),
        gettext_noop("Unhide the sheet that holds the report (right-click a sheet tab > "
                     "Unhide), save, and upload it again."))
    SHEET_CHOSEN = (
        "import.sheet-chosen",
        gettext_noop("The sheet GoodBid read"),
        gettext_noop("The workbook has several sheets that look like a report; GoodBid read "
                     "'{sheet}', the one with the most of the report's columns, and not "
                     "{others}."),
        gettext_noop("If the report is on another sheet, move it to its own workbook."))
    NO_ROWS = (
        "import.no-rows",
        gettext_noop("No rows to check"),
        gettext_noop("The file has the report's headers (row {row}) but no worker rows under "
                     "them, so there is nothing to check."),
        gettext_noop("Put one row per worker (or per earnings line) under the headers and "
                     "upload the file again; check that you exported the right pay period."))
    MISSING_COLUMN = (
        "import.missing-column",
        gettext_noop("Columns GoodBid needs and could not find"),
        gettext_noop("The {report} needs a '{label}' column, and none was found in {where}."),
        gettext_noop("Add a column headed {accepted} (any of these names works), match your "
                     "own column to it once on the upload page, or download the template and "
                     "copy your rows into it.{hidden}"))
    NO_PERIOD = (
        "import.no-period",
        gettext_noop("Which pay period the file covers"),
        gettext_noop("The file does not say which pay period it covers: no period column, and "
                     "no 'Pay period' or 'Week ending' above the table."),
        gettext_noop("{suggestion}Give the pay period's last day when you upload (on the page, "
                     "or check_file --period-end YYYY-MM-DD), or add a '{label}' column or a "
                     "'Pay period: 07/01/2024 - 07/14/2024' line above the table."))
    NO_PERIOD_FOR_ROW = (
        "import.no-period-for-row",
        gettext_noop("Rows with no pay period"),
        gettext_noop("Row {row}: no pay period is given for this row."),
        gettext_noop("Add the period's end date to the row, or a 'Pay period' line above the "
                     "table."))
    TOTALS_ROW_EXCLUDED = (
        "import.totals-row-excluded",
        gettext_noop("Total rows left out"),
        gettext_noop("Row {row} is a totals row; it was left out and not counted as a "
                     "worker."),
        gettext_noop("Nothing to do: GoodBid adds up the rows itself."))
    DECIMAL_COMMA_READ = (
        "import.decimal-comma-read",
        gettext_noop("Numbers written with a comma"),
        gettext_noop("The file writes numbers with a decimal comma (for example {example}); "
                     "GoodBid read them that way."),
        gettext_noop("Nothing to do. If a figure looks wrong, write it with a decimal point "
                     "(18.20)."))
    AMBIGUOUS_DATES = (
        "import.ambiguous-dates",
        gettext_noop("Dates that could be read two ways"),
        gettext_noop("Dates such as {example} could be month/day or day/month; GoodBid read "
                     "them as month/day, as U.S. payroll systems write them."),
        gettext_noop("If the day comes first, write the dates as year-month-day (2024-07-08) "
                     "and upload the file again."))

    # -- cells ----------------------------------------------------------------------------
    MISSING_VALUE = (
        "import.missing-value",
        gettext_noop("Cells left empty"),
        gettext_noop("Row {row}, column {column}: this cell is empty."),
        gettext_noop("Write the {column} for this row, for example '{example}'."))
    NOT_A_NUMBER = (
        "import.not-a-number",
        gettext_noop("Cells that should hold a number"),
        gettext_noop("Row {row}, column {column}: '{value}' is not a number."),
        gettext_noop("Write a number, for example {example}."))
    DECIMAL_COMMA = (
        "import.decimal-comma",
        gettext_noop("Numbers written with a comma"),
        gettext_noop("Row {row}, column {column}: '{value}' is not a number GoodBid can read "
                     "for sure: the comma could be a decimal point or a thousands separator."),
        gettext_noop("Write it with a decimal point: {fixed}."))
    NEGATIVE_NUMBER = (
        "import.negative-number",
        gettext_noop("Numbers below zero"),
        gettext_noop("Row {row}, column {column}: '{value}' is negative."),
        gettext_noop("Write the {column} as a positive number, for example {example}."))
    NOT_A_DATE = (
        "import.not-a-date",
        gettext_noop("Cells that should hold a date"),
        gettext_noop("Row {row}, column {column}: '{value}' is not a date."),
        gettext_noop("Write the date as year-month-day, for example {example}, or as "
                     "7/7/2024."))
    NOT_A_PERIOD = (
        "import.not-a-period",
        gettext_noop("Cells that should hold a pay period"),
        gettext_noop("Row {row}, column {column}: '{value}' is not a period GoodBid can "
                     "read."),
        gettext_noop("Write the period as its first and last day, for example {example}."))
    NOT_YES_NO = (
        "import.not-yes-no",
        gettext_noop("Cells that should say yes or no"),
        gettext_noop("Row {row}, column {column}: '{value}' is not yes or no, so it is counted "
                     "as not stated."),
        gettext_noop("Write t or f (or Yes / No); leave it empty only if it is not known."))
    UNKNOWN_GENDER = (
        "import.unknown-gender",
        gettext_noop("Gender written in a way GoodBid does not know"),
        gettext_noop("Row {row}, column {column}: '{value}' is not {what} GoodBid understands, "
                     "so it is counted as not stated."),
        gettext_noop("Write Woman, Man or Non-binary; leave it empty only if not known."))
    UNKNOWN_WORKER_CLASS = (
        "import.unknown-worker-class",
        gettext_noop("Journey worker or apprentice not clear"),
        UNKNOWN_GENDER[2],
        gettext_noop("Write journey or apprentice (J or A)."))
    UNKNOWN_EARNING_TYPE = (
        "import.unknown-earning-type",
        gettext_noop("Kinds of pay GoodBid does not know"),
        gettext_noop("Row {row}, column {column}: '{value}' is not a kind of pay GoodBid knows, "
                     "so its hours were not compared with the wage floor."),
        gettext_noop("If it is straight time, write Regular; otherwise write Overtime, Double "
                     "time, Holiday, PTO, Sick, Bonus or Tips."))
    INVALID_ZIP = (
        "import.invalid-zip",
        gettext_noop("ZIP codes that are not valid"),
        gettext_noop("Row {row}, column {column}: '{value}' is not a ZIP code, so the worker's "
                     "home is counted as not stated."),
        gettext_noop("Write the five-digit home ZIP code, for example {example}."))
    ZIP_LEADING_ZERO_RESTORED = (
        "import.zip-leading-zero-restored",
        gettext_noop("ZIP codes missing their leading zero"),
        gettext_noop("Row {row}, column {column}: ZIP code '{value}' lost its leading zero (the "
                     "spreadsheet stored it as a number); GoodBid read it as {zip5}."),
        gettext_noop("Format the column as text so ZIP codes keep their leading zero."))
    CELL_TOO_LONG = (
        "import.cell-too-long",
        gettext_noop("Cells with too much text"),
        gettext_noop("Row {row}, column {letter} holds {length:,} characters; GoodBid kept the "
                     "first {limit:,} (the most an Excel cell holds)."),
        gettext_noop("Check that cell: a report's cells hold a name, a number or a date."))

    # -- rows -----------------------------------------------------------------------------
    EXTRA_CELLS = (
        "import.extra-cells",
        gettext_noop("Rows with more cells than headers"),
        gettext_noop("Row {row} has more cells than the header row: a value with a comma (like "
                     "18,20 or 1,234.50) probably split into two cells and moved the values "
                     "after it."),
        gettext_noop("Write numbers without commas (18.20, 1234.50), or put the value in "
                     "quotes, or save the file from Excel as .xlsx instead."))
    DUPLICATE_ROW = (
        "import.duplicate-row",
        gettext_noop("Rows given twice"),
        gettext_noop("Row {row}: '{value}' appears more than once for the same period."),
        gettext_noop("Keep one row per worker per period (add the hours together), or check "
                     "that the period dates are right."))
    TOO_MANY_HOURS = (
        "import.too-many-hours",
        gettext_noop("More hours than a period can hold"),
        gettext_noop("Row {row}, column {column}: {value} hours is more than the {limit} hours "
                     "the period holds."),
        gettext_noop("Check the hours: write one row per worker per period, with that period's "
                     "hours."))
    TOO_MANY_HOURS_IN_A_DAY = (
        "import.too-many-hours-in-a-day",
        gettext_noop("More hours than a day can hold"),
        gettext_noop("Row {row}: {hours:g} hours on {day}, more than the {limit} hours in a "
                     "day."),
        gettext_noop("Check that day's straight-time and overtime hours."))
    MORE_THAN_A_WEEK = (
        "import.more-than-a-week",
        gettext_noop("Pay periods longer than a week"),
        gettext_noop("Row {row}, column {column}: {value} hours is more than the 168 hours in "
                     "a week."),
        gettext_noop("If the row covers a week, check the hours; if it covers a longer period "
                     "(or several workers), nothing to do."))
    NO_HOURLY_RATE = (
        "import.no-hourly-rate",
        gettext_noop("Rows without an hourly rate"),
        gettext_noop("Row {row}: {worker}'s line has hours but no hourly rate (a salaried line, "
                     "or $0.00), so it was not checked against the wage floor."),
        gettext_noop("Give the hourly rate paid, or the hours and the earnings for them, and "
                     "upload the file again."))

    # -- workforce plans ----------------------------------------------------------------
    NOT_A_MONTH = (
        "import.not-a-month",
        gettext_noop("Cells that should name a month"),
        gettext_noop("Row {row}, column {column}: '{value}' is not a month GoodBid can read."),
        gettext_noop("Write the month as year-month, for example {example}, or as 3/2025 or "
                     "March 2025."))
    AMBIGUOUS_SHARE = (
        "import.ambiguous-share",
        gettext_noop("Shares that could be read two ways"),
        gettext_noop("Row {row}, column {column}: '{value}' could be {value} percent, or "
                     "{percent} percent written as a fraction; the column's other shares are "
                     "written in percent (51 for 51%)."),
        gettext_noop("Write the share in percent as the rest of the column does: {percent} "
                     "for {percent}%, or '{value}%' for less than one percent."))
    SHARE_OUT_OF_RANGE = (
        "import.share-out-of-range",
        gettext_noop("Shares outside 0 to 100 percent"),
        gettext_noop("Row {row}, column {column}: '{value}' is not a share between 0 and 100 "
                     "percent."),
        gettext_noop("Write the share of the hours in percent, from 0 to 100, for example "
                     "{example}."))
    DUPLICATE_PLAN_ROW = (
        "import.duplicate-plan-row",
        gettext_noop("Trade, class and month planned twice"),
        gettext_noop("Row {row}: {value} is already planned in row {first}."),
        gettext_noop("Keep one row per trade, journey or apprentice, and month: add the hours "
                     "together on one row, and check each row's trade, class and month."))

    # -- standards and periods (rules.check) ------------------------------------------------
    REPORT_TYPE_UNAVAILABLE = (
        "standard.report-type-unavailable",
        gettext_noop("A report GoodBid cannot check yet"),
        gettext_noop("The standard {codes} checks '{report_type}' reports, which this "
                     "installation cannot read yet."),
        gettext_noop("Check the file against another standard, or ask an administrator to "
                     "install the '{report_type}' report type (readable now: {readable})."))
    NO_VERSION_IN_FORCE = (
        "standard.no-version-in-force",
        gettext_noop("Pay periods with no rate on file"),
        gettext_noop("Row {row}: no {title} {label} is on file for the pay period ending "
                     "{day}, so this row was not checked."),
        gettext_noop("The {title} {label} for this period is not on file yet (the last one on "
                     "file runs to {last}). An administrator adds the new {label}, with its "
                     "source, to the {title} standard; then check the file again."))
    BEFORE_FIRST_VERSION = (
        "standard.before-first-version",
        gettext_noop("Pay periods before the first rate on file"),
        NO_VERSION_IN_FORCE[2],
        gettext_noop("Check the date. The {title} {label}s on file start on {first}; an "
                     "earlier period is checked against the {label} the city set for it, which "
                     "an administrator must add first."))
    OTHER_PERIOD = (
        "period.other-period",
        gettext_noop("Rows in another reporting period"),
        gettext_noop("Row {row}: the pay period ending {day} is outside the reporting period "
                     "this report is for ({start} to {end})."),
        gettext_noop("Change the report's period to {best} (the period most of the file's rows "
                     "are in), or take this row out of the file and upload it again."))
    PERIOD_OUTSIDE = (
        "period.outside",
        gettext_noop("Rows outside the reporting period"),
        gettext_noop("Row {row}: the pay period ending {day} is outside the reporting period "
                     "this report is for ({start} to {end})."),
        gettext_noop("This row is checked with this report. If it belongs to the report for "
                     "another period, take it out of this file and report it there."))

    # -- prevailing wage ----------------------------------------------------------------
    NO_SCHEDULE = (
        "prevailing-wage.no-schedule",
        gettext_noop("No prevailing wage schedule named yet"),
        gettext_noop("No prevailing wage schedule is named for this contract yet, so the wage "
                     "rates in this file were not checked against the {titles} standard."),
        gettext_noop("The city names the schedule that applies to the contract (the wage "
                     "determination or the state schedule issued for it). Ask your contract "
                     "officer; then check the file again."))
    NO_CLASSIFICATION = (
        "prevailing-wage.no-classification",
        gettext_noop("No labor classification given"),
        gettext_noop("The payroll gives no labor classification for any line, so the pay "
                     "cannot be compared with the prevailing wage schedule."),
        gettext_noop("Write each worker's labor classification as the schedule names it (for "
                     "example Carpenter or Laborer) in a Labor classification column."))
    UNLISTED_CLASSIFICATION = (
        "prevailing-wage.unlisted-classification",
        gettext_noop("Classifications not on the wage schedule"),
        gettext_noop("Row {row}: the classification '{value}' ({lines}) is not on schedule "
                     "{schedule}, so its pay was not checked. Closest on the schedule: "
                     "{suggestions}."),
        gettext_noop("If the work is one of these, write the classification as the schedule "
                     "names it. If it is none of them, {request} before this work can be "
                     "checked."))
    BELOW_RATE = (
        "prevailing-wage.below-rate",
        gettext_noop("Pay below the prevailing wage"),
        gettext_noop("{worker} was paid {paid} for {work} in the week ending {period_end}. "
                     "Schedule {schedule} requires {required}. {owed}"),
        gettext_noop("Pay {worker} {back_pay} {owed}. {from_now_on}"))
    FRINGE_NEEDS_COMPUTING = (
        "prevailing-wage.fringe-needs-computing",
        gettext_noop("Fringe benefits given as a formula"),
        gettext_noop("Schedule {schedule} gives the fringe benefits for {classification} as a "
                     "formula, {formula}, that a person must work out ({parts}). GoodBid "
                     "checked the base rate on these lines (worker-weeks: {count}) but not the "
                     "fringe benefits, and never guesses them."),
        gettext_noop("Work out the fringe benefits per hour for {classification} from the "
                     "schedule's footnotes and compare them with the fringe benefits the "
                     "payroll shows for each worker."))
    DAY_RATE_NEEDS_DAYS = (
        "prevailing-wage.day-rate-needs-days",
        gettext_noop("Day rates without the days worked"),
        gettext_noop("Schedule {schedule} sets the {classification} rate per day ({base} a "
                     "day), and the payroll does not say how many days each worker worked, so "
                     "these lines (worker-weeks: {count}) were not checked."),
        gettext_noop("Ask for the days each worker worked as {classification} (one line per "
                     "day, or a days column) and check the pay against {base} a day."))

    # -- wage floor, hiring goals, workforce notices ------------------------------------
    BELOW_MINIMUM = (
        "wage-floor.below-minimum",
        gettext_noop("Pay below the wage floor"),
        gettext_noop("{worker} was paid {paid}/hour in the pay period ending {period_end}: "
                     "{shortfall} below the {title} of {floor}/hour in force from "
                     "{effective_from}."),
        gettext_noop("Pay {worker} at least {floor}/hour and pay the back pay owed for this "
                     "period: {back_pay} ({shortfall}/hour short over {hours} hours)."))
    RESIDENTS_SHARE_BELOW_GOAL = (
        "hiring-goal.residents-share-below-goal",
        gettext_noop("Residents' share of hours below the goal"),
        # xgettext: no-python-format
        gettext_noop("{category} worked {hours} of {known} hours ({share}%) in {where}"
                     "{uncounted}: below the {goal}% goal of the {title} in force from "
                     "{effective_from}."),
        # xgettext: no-python-format
        gettext_noop("{more} more hours worked by {category} would reach the {goal}% goal (or, "
                     "with the same total hours, {to_shift} more of them worked by {category} "
                     "instead of others). This is a goal: an officer reviews it with the "
                     "contractor's good-faith efforts (outreach, referral requests to unions "
                     "and programs), so record them."))
    PEOPLE_OF_COLOR_SHARE_BELOW_GOAL = (
        "hiring-goal.people-of-color-share-below-goal",
        gettext_noop("People of color's share of hours below the goal"),
        RESIDENTS_SHARE_BELOW_GOAL[2],
        RESIDENTS_SHARE_BELOW_GOAL[3])
    WOMEN_SHARE_BELOW_GOAL = (
        "hiring-goal.women-share-below-goal",
        gettext_noop("Women's share of hours below the goal"),
        RESIDENTS_SHARE_BELOW_GOAL[2],
        RESIDENTS_SHARE_BELOW_GOAL[3])
    APPRENTICES_SHARE_BELOW_GOAL = (
        "hiring-goal.apprentices-share-below-goal",
        gettext_noop("Apprentices' share of hours below the goal"),
        RESIDENTS_SHARE_BELOW_GOAL[2],
        RESIDENTS_SHARE_BELOW_GOAL[3])
    MISSING_RESIDENCY = (
        "data-completeness.missing-residency",
        gettext_noop("Hours with no residency recorded"),
        # xgettext: no-python-format
        gettext_noop("{share}% of the hours of {where} ({missing} of {total} hours, {rows}) "
                     "have no {what} recorded. {effect}"),
        gettext_noop("{action}; then check the file again."))
    MISSING_PERSON_OF_COLOR = (
        "data-completeness.missing-person-of-color",
        gettext_noop("Hours with no person-of-color status recorded"),
        MISSING_RESIDENCY[2],
        MISSING_RESIDENCY[3])
    MISSING_GENDER = (
        "data-completeness.missing-gender",
        gettext_noop("Hours with no gender recorded"),
        MISSING_RESIDENCY[2],
        MISSING_RESIDENCY[3])
    MISSING_WORKER_CLASS = (
        "data-completeness.missing-worker-class",
        gettext_noop("Hours with no worker class recorded"),
        MISSING_RESIDENCY[2],
        MISSING_RESIDENCY[3])
    ZIP_NEEDS_VERIFICATION = (
        "residency.needs-verification",
        gettext_noop("ZIP codes that straddle the city line"),
        gettext_noop("{rows} ({hours} hours) of {where} give {says}. ZIP codes: "
                     "{zips}{unconfirmed}."),
        gettext_noop("Send proof of each worker's home address (a lease, a utility bill, a "
                     "state ID) or correct the ZIP; the officer records the verified "
                     "residency."))
    ZIP_NOT_A_HOME_ADDRESS = (
        "residency.not-a-home-address",
        gettext_noop("ZIP codes that are not a home address"),
        ZIP_NEEDS_VERIFICATION[2],
        gettext_noop("Write each worker's home ZIP code, not a mailing address."))
    DECLARED_RESIDENT_ZIP_OUTSIDE = (
        "residency.declared-resident-zip-outside",
        gettext_noop("Declared residents with a ZIP code outside the city"),
        ZIP_NEEDS_VERIFICATION[2],
        gettext_noop("Correct the ZIP if it is wrong, or send proof of the worker's home "
                     "address in the city; otherwise correct the resident flag."))
    DECLARED_NON_RESIDENT_ZIP_INSIDE = (
        "residency.declared-non-resident-zip-inside",
        gettext_noop("Declared non-residents with a ZIP code inside the city"),
        ZIP_NEEDS_VERIFICATION[2],
        gettext_noop("Correct the resident flag, or the ZIP if it is wrong."))
    BRIEF_APPEARANCE = (
        "bicycling.brief-appearance",
        gettext_noop("Workers on a project only briefly"),
        gettext_noop("{worker}, counted toward the goal for {toward}, worked {hours} hours in "
                     "{periods_on} of the {periods} periods on {project} ({period})."),
        gettext_noop("For the officer: a brief stint can be honest (a specialist, an "
                     "apprentice rotation). Ask the contractor how the worker was assigned if "
                     "other signals point to hours being moved to meet goals."))
    MANY_PROJECTS = (
        "bicycling.many-projects",
        gettext_noop("Workers spread across many projects"),
        gettext_noop("{worker}, counted toward the goal for {toward}, appears on {count} "
                     "projects in this report ({projects})."),
        gettext_noop("For the officer: check whether this worker's hours are being moved "
                     "between projects to meet each one's goals (\"bicycling\"), and look at "
                     "the contractor's overall workforce instead."))
    MISSING_PERIOD = (
        "filing.missing-period",
        gettext_noop("Periods with no hours filed"),
        gettext_noop("No hours were filed {by} for {count} {interval}-day period(s) ending "
                     "{dates}, between the first and last periods in this report ({period})."),
        gettext_noop("File the hours for each missing period. If no one worked on the project "
                     "in a period, file a report saying so: a missing report counts as a "
                     "failure to file."))
    PERIODS_LONGER_THAN_REQUIRED = (
        "filing.periods-longer-than-required",
        gettext_noop("Periods longer than the filing interval"),
        gettext_noop("The periods filed {by} for {period} are at least {days} days apart; the "
                     "{title} asks for a report every {required} days, so missing weeks cannot "
                     "be told from this file."),
        gettext_noop("Report hours per {required}-day period (one period end per week)."))
    WAGE_THEFT_HISTORY = (
        "wage-theft.history",
        gettext_noop("Confirmed wage-theft history"),
        gettext_noop("{case}: {employer} was found to owe {wages}{period}, with {penalties} in "
                     "civil penalties{repeat}. Match confirmed by {confirmed_by} on "
                     "{confirmed_on}."),
        gettext_noop("For the officer's review, not an automatic denial: ask the vendor to "
                     "explain the case and show that the back wages were paid and the practice "
                     "corrected; weigh the case's size and age with that answer."))

    def __new__(cls, value: str, title: str, message: str, hint: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member._texts = (title, message, hint)
        return member

    @property
    def title(self) -> str:  # type: ignore[override]  # the code's title, not str.title()
        """What people call this kind of problem (a msgid: translate it where shown)."""
        return self._texts[0]

    @property
    def message_template(self) -> str:
        return self._texts[1]

    @property
    def hint_template(self) -> str:
        return self._texts[2]

    def message(self, **params: Any) -> Message:
        """The sentence saying what is wrong, with this case's values."""
        return Message(self._texts[1], **params)

    def hint(self, **params: Any) -> Message:
        """The sentence saying what to do (a finding's remedy), with this case's values."""
        return Message(self._texts[2], **params)


def issue_title(code: str) -> str:
    """The title a person reads for an issue or finding code (a msgid: translate it where
    shown); a code not in the catalogue (one a stored report kept) is shown as UNTITLED."""
    try:
        return Code(code).title
    except ValueError:
        return UNTITLED
