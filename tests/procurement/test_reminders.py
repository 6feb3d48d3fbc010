import datetime as dt

from django.core import mail

from procurement.services.reminders import report_reminders_send


def test_one_reminder_per_contract_lists_due_and_overdue_periods(demo):
    # 2024-10-25: Q3 (ended 2024-09-30) is filed by the demo on EV00012345, not on Harbor's
    # building-service contract; Beacon's monthly reports for July-September are overdue
    # (due 15 days after each month) and nothing else is.
    assert report_reminders_send(today=dt.date(2024, 10, 25)) == 2
    assert sorted(m.subject for m in mail.outbox if m.to == ["vendor@demo.goodbid.local"]) \
        == ["GoodBid: 1 report(s) overdue for contract EV00012346"]
    (email,) = [m for m in mail.outbox if m.to == ["vendor2@demo.goodbid.local"]]
    assert "3 report(s) overdue for contract PFD-2024-0042" in email.subject
    assert "the report for September 2024 was due on Oct. 15, 2024." in email.body


def test_due_soon_is_a_reminder_not_an_overdue_notice(demo):
    # 2025-01-10: Harbor's Q4 report (period ending 2024-12-31) is due 2025-01-15.
    report_reminders_send(today=dt.date(2025, 1, 10))
    harbor = [m for m in mail.outbox if m.to == ["vendor@demo.goodbid.local"]]
    assert [m.subject for m in harbor] == ["GoodBid: report due for contract EV00012345",
                                           "GoodBid: 1 report(s) overdue for contract "
                                           "EV00012346"]
