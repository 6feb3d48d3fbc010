"""The remedy loop: the back pay a report's findings owe, per worker, and how it is shown
paid: a back-pay line in a corrected payroll, or a payment the vendor records and an officer
confirms. Changing a rate in a new version of the payroll corrects the figures; it does not
pay anyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np
import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from imports import money
from procurement.models import (
    SIGNED_STATUSES,
    BackPayment,
    Decision,
    EvaluationRun,
    PaymentStatus,
    ReportReply,
    Role,
    Submission,
)
from procurement.selectors import submission_versions, user_scope
from procurement.services.audit import audit_record
from procurement.services.errors import ServiceError
from procurement.services.findings import run_finding_columns

CENT = Decimal("0.01")
PROOF_MAX_BYTES = 10 * 1024 * 1024
# A proof of payment is a scan or a statement: PDF, JPEG or PNG, told by its first bytes.
PROOF_KINDS = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def _cents(amount: str | float | Decimal | None) -> int:
    return round(Decimal(str(amount or 0)) * 100)


def _money(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


@dataclass
class WorkerBackPay:
    worker: str
    periods: list[str] = field(default_factory=list)
    owed_cents: int = 0
    payroll_cents: int = 0  # shown paid by back-pay lines in a version of the payroll
    confirmed_cents: int = 0
    recorded_cents: int = 0  # recorded by the vendor, not yet decided by the city
    disputed_cents: int = 0
    payments: list[BackPayment] = field(default_factory=list)

    @property
    def outstanding_cents(self) -> int:
        return max(self.owed_cents - self.payroll_cents - self.confirmed_cents, 0)

    @property
    def state(self) -> str:
        """paid · waiting (payments recorded cover it, the city has not confirmed) · owed"""
        if not self.outstanding_cents:
            return "paid"
        return "waiting" if self.recorded_cents >= self.outstanding_cents else "owed"

    owed = property(lambda self: _money(self.owed_cents))
    outstanding = property(lambda self: _money(self.outstanding_cents))
    shown_paid = property(lambda self: _money(self.payroll_cents + self.confirmed_cents))
    recorded = property(lambda self: _money(self.recorded_cents))


class BackPayLedger:
    """What a report owes each worker and how much is shown paid, as columns (one row per
    worker owed, in the order first found): totals are sums, and a worker is made an object
    only when a page, a form or an export lists it."""

    def __init__(self, frame: pd.DataFrame, periods: pd.DataFrame,
                 payments: dict[str, list[BackPayment]]) -> None:
        # frame: worker, owed_cents, payroll_cents, confirmed_cents, recorded_cents,
        # disputed_cents; periods: worker, period_end (the periods owed, in order).
        outstanding = (frame["owed_cents"] - frame["payroll_cents"]
                       - frame["confirmed_cents"]).clip(lower=0)
        self._frame = frame.assign(outstanding_cents=outstanding).set_index("worker")
        self._periods = periods
        self._payments = payments
        self._all: list[WorkerBackPay] | None = None

    @property
    def owed_cents(self) -> int:
        return int(self._frame["owed_cents"].sum())

    @property
    def outstanding_cents(self) -> int:
        return int(self._frame["outstanding_cents"].sum())

    owed = property(lambda self: _money(self.owed_cents))
    outstanding = property(lambda self: _money(self.outstanding_cents))
    shown_paid = property(lambda self: _money(self.owed_cents - self.outstanding_cents))

    def __len__(self) -> int:
        return len(self._frame)

    @property
    def owing_total(self) -> int:
        """How many workers are still owed back pay."""
        return int((self._frame["outstanding_cents"] > 0).sum())

    @property
    def payments_recorded(self) -> bool:
        """Whether a payment the vendor recorded waits for the city."""
        return any(p.status == PaymentStatus.RECORDED
                   for listed in self._payments.values() for p in listed)

    def listed(self, count: int, *, owing: bool = False,
               payments_first: bool = True) -> list[WorkerBackPay]:
        """The first `count` workers (those still owed, with `owing`), the ones with a
        payment recorded first unless not `payments_first`."""
        frame = self._frame
        if owing:
            frame = frame.loc[frame["outstanding_cents"] > 0]
        names = frame.index[frame.index.isin(list(self._payments))].tolist()[:count] \
            if payments_first else []
        if len(names) < count:
            chosen = set(names)
            names += [name for name in frame.index[:count + len(chosen)]
                      if name not in chosen][:count - len(names)]
        return self._made(names)

    @property
    def workers(self) -> list[WorkerBackPay]:
        """Every worker owed (an export lists them all)."""
        if self._all is None:
            self._all = self._made(self._frame.index.tolist())
        return self._all

    def worker(self, name: str) -> WorkerBackPay | None:
        return self._made([name])[0] if name in self._frame.index else None

    def outstanding_by_worker(self) -> dict[str, int]:
        return self._frame["outstanding_cents"].astype("int64").to_dict()

    def _made(self, names: list[str]) -> list[WorkerBackPay]:
        rows = self._frame.loc[names]
        periods = self._periods.loc[self._periods["worker"].isin(names)] \
            .sort_values(["worker", "period_end"], kind="stable") \
            .groupby("worker", sort=False)["period_end"].agg(list).to_dict()
        return [WorkerBackPay(name, periods=periods.get(name, []), owed_cents=int(owed),
                              payroll_cents=int(payroll), confirmed_cents=int(confirmed),
                              recorded_cents=int(recorded), disputed_cents=int(disputed),
                              payments=self._payments.get(name, []))
                for name, owed, payroll, confirmed, recorded, disputed in zip(
                    names, rows["owed_cents"].tolist(), rows["payroll_cents"].tolist(),
                    rows["confirmed_cents"].tolist(), rows["recorded_cents"].tolist(),
                    rows["disputed_cents"].tolist(), strict=True)]

    def to_dict(self, *, workers: int | None = None) -> dict:
        """As JSON: the totals and each worker (the first `workers` of them, if given;
        `workers_total` says how many there are)."""
        chosen = self._made(self._frame.index[:workers].tolist()) if workers is not None \
            else self.workers
        return {"total_back_pay": str(self.owed), "outstanding": str(self.outstanding),
                "workers_total": len(self),
                "workers": [{"worker": w.worker, "periods": w.periods,
                             "back_pay": str(w.owed), "shown_paid": str(w.shown_paid),
                             "recorded": str(w.recorded), "outstanding": str(w.outstanding),
                             "state": w.state} for w in chosen]}


def owed_and_shown_paid(runs: Iterable[EvaluationRun]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Over the runs of a report's versions: the most back pay any of them found for each
    worker and pay period end (a frame: worker, period_end, owed_cents), and the most back
    pay each worker's back-pay lines show paid, in cents. The findings' figures are added up
    as columns, never read one by one."""
    frames: list[pd.DataFrame] = []
    paid_in_payroll: dict[str, int] = {}
    for run in runs:
        found = run_finding_columns(run, ("worker", "period_end", "owed_money"))
        # The ledger counts in whole cents (WorkerBackPay.owed_cents...): the findings' money
        # units are converted here, at the one place the ledger reads them.
        found = pd.DataFrame({"worker": found["worker"], "period_end": found["period_end"],
                              "owed_cents": money.as_cents(found["owed_money"].fillna(0))})
        frames.append(found[(found["owed_cents"] > 0) & found["worker"].notna()])
        for line in (run.report or {}).get("back_pay_paid", []):
            paid_in_payroll[line["worker"]] = max(paid_in_payroll.get(line["worker"], 0),
                                                  _cents(line["amount"]))
    owed = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        {"worker": [], "period_end": [], "owed_cents": []})
    owed = owed.assign(period_end=owed["period_end"].fillna("").astype(str)) \
        .groupby(["worker", "period_end"], sort=False, as_index=False)["owed_cents"].max()
    return owed, paid_in_payroll


def back_pay_ledger(*, submission: Submission,
                    versions: list[Submission] | None = None) -> BackPayLedger:
    """What the report owes each worker, over every version of it: back pay found once stays
    owed (the most any version found for a worker and pay period) until a back-pay line in
    the payroll or a payment the city confirmed shows it paid."""
    versions = versions or submission_versions(submission=submission)
    owed, paid_in_payroll = owed_and_shown_paid(
        version.current_run for version in versions if version.current_run)
    # Per worker, in the order first found: the back pay owed, and the pay periods it is
    # for (in order), as columns.
    totals = owed.groupby("worker", sort=False)["owed_cents"].sum().astype("int64")
    frame = pd.DataFrame({"worker": totals.index, "owed_cents": totals.to_numpy()})
    frame["payroll_cents"] = np.minimum(_per_worker(totals.index, paid_in_payroll),
                                        frame["owed_cents"].to_numpy())
    periods = owed.loc[owed["period_end"] != "", ["worker", "period_end"]]
    decided = {status: {} for status in PaymentStatus.values}
    payments: dict[str, list[BackPayment]] = {}
    for payment in BackPayment.objects.filter(submission__in=versions).select_related(
            "decided_by", "recorded_by"):
        if payment.worker not in totals.index:
            continue
        payments.setdefault(payment.worker, []).append(payment)
        sums = decided[payment.status]
        sums[payment.worker] = sums.get(payment.worker, 0) + _cents(payment.amount)
    for status, name in ((PaymentStatus.CONFIRMED, "confirmed_cents"),
                         (PaymentStatus.RECORDED, "recorded_cents"),
                         (PaymentStatus.DISPUTED, "disputed_cents")):
        frame[name] = _per_worker(totals.index, decided[status])
    return BackPayLedger(frame, periods, payments)


def _per_worker(workers: pd.Index, cents: dict[str, int]) -> np.ndarray:
    """Each worker's cents from a mapping of the few workers who have any (0 for the others),
    looked up as a column: a report may owe hundreds of thousands of workers."""
    if not cents:
        return np.zeros(len(workers), dtype="int64")
    return pd.Series(cents, dtype="int64").reindex(workers, fill_value=0) \
        .to_numpy(dtype="int64")


def _proof_kind(head: bytes) -> str | None:
    return next((kind for magic, kind in PROOF_KINDS.items() if head.startswith(magic)), None)


def back_payment_record(*, submission: Submission, acting_user: AbstractBaseUser, worker: str,
                        amount: str | Decimal, paid_on: dt.date,
                        proof: UploadedFile | None = None, note: str = "") -> BackPayment:
    """The vendor records back pay paid to one worker the report owes, for the city to
    confirm. The caller has checked the user may see `submission`."""
    scope = user_scope(acting_user)
    if scope.role != Role.VENDOR or scope.vendor_id != submission.vendor_id:
        raise ServiceError("payment.not-the-vendor",
                           _("Only the vendor's own users record the back pay it paid."),
                           status=403)
    try:
        value = Decimal(str(amount).strip().replace("$", "").replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0 or value != value.quantize(CENT) \
            or value >= Decimal("1e10"):
        raise ServiceError("payment.bad-amount",
                           _("Give the amount paid in dollars and cents, for example 26.40."))
    if paid_on > timezone.localdate():
        raise ServiceError("payment.future-date",
                           _("The payment date is in the future: give the day it was paid."))
    ledger = back_pay_ledger(submission=submission)
    entry = ledger.worker(worker)
    if entry is None:
        raise ServiceError("payment.worker-not-owed",
                           _("This report owes no back pay to “%(worker)s”: choose a worker "
                             "from the list.") % {"worker": worker})
    content = b""
    if proof is not None:
        if proof.size is not None and proof.size > PROOF_MAX_BYTES:
            raise ServiceError("payment.proof-too-large",
                               _("The proof of payment is larger than 10 MB: send a smaller "
                                 "scan or a PDF."), status=413)
        content = proof.read(PROOF_MAX_BYTES + 1)
        if len(content) > PROOF_MAX_BYTES:
            raise ServiceError("payment.proof-too-large",
                               _("The proof of payment is larger than 10 MB: send a smaller "
                                 "scan or a PDF."), status=413)
        if _proof_kind(content[:8]) is None:
            raise ServiceError("payment.proof-not-a-document",
                               _("The proof of payment must be a PDF, JPEG or PNG file (a "
                                 "pay stub, a cancelled cheque or a bank statement)."))
    stored = None
    try:
        with transaction.atomic():
            payment = BackPayment.objects.create(
                submission=submission, jurisdiction_id=submission.jurisdiction_id,
                vendor_id=submission.vendor_id, worker=entry.worker, amount=value,
                paid_on=paid_on, note=note.strip(), recorded_by=acting_user,
                proof_name=(proof.name or "")[:255] if proof is not None else "")
            if content:
                name = f"proof-{payment.pk}.{_proof_kind(content[:8])}"
                payment.proof.save(name, ContentFile(content), save=False)
                stored = payment.proof.name
                BackPayment.objects.filter(pk=payment.pk).update(proof=stored)
            audit_record(actor=acting_user, action="back-pay.recorded", obj=payment,
                         after={"submission": submission.pk, "worker": entry.worker,
                                "amount": str(value), "paid_on": paid_on.isoformat(),
                                "proof": payment.proof_name or None})
    except BaseException:
        if stored:
            BackPayment.proof.field.storage.delete(stored)
        raise
    return payment


def back_payment_decide(*, payment: BackPayment, acting_user: AbstractBaseUser,
                        confirm: bool, note: str = "") -> BackPayment:
    """An officer confirms a recorded payment (the back pay is then shown paid) or disputes
    it (with a note saying why), once. Audited."""
    scope = user_scope(acting_user)
    if scope.role not in (Role.OFFICER, Role.ADMIN) or (
            scope.role == Role.OFFICER and scope.jurisdiction_id != payment.jurisdiction_id):
        raise ServiceError("payment.not-an-officer",
                           _("Only the city's officers confirm or dispute a payment."),
                           status=403)
    note = note.strip()
    if not confirm and not note:
        raise ServiceError("payment.dispute-needs-note",
                           _("Say in the note why the payment is disputed: the vendor reads "
                             "it."))
    with transaction.atomic():
        locked = BackPayment.objects.select_for_update().get(pk=payment.pk)
        if locked.status != PaymentStatus.RECORDED:
            raise ServiceError("payment.already-decided",
                               _("This payment was already %(status)s.")
                               % {"status": locked.get_status_display().lower()}, status=409)
        locked.status = PaymentStatus.CONFIRMED if confirm else PaymentStatus.DISPUTED
        locked.decided_by, locked.decided_at = acting_user, timezone.now()
        locked.decision_note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(actor=acting_user, action=f"back-pay.{locked.status}", obj=locked,
                     before={"status": PaymentStatus.RECORDED},
                     after={"status": locked.status, "worker": locked.worker,
                            "amount": str(locked.amount), "note": note})
    return locked


def report_reply_create(*, submission: Submission, acting_user: AbstractBaseUser,
                        text: str) -> ReportReply:
    """The vendor answers the city's correction request on a report (kept beside it, and
    shown with the corrected version)."""
    scope = user_scope(acting_user)
    if scope.role != Role.VENDOR or scope.vendor_id != submission.vendor_id:
        raise ServiceError("reply.not-the-vendor",
                           _("Only the vendor's own users answer the city's request."),
                           status=403)
    text = text.strip()
    if not text:
        raise ServiceError("reply.empty", _("Write your answer before sending it."))
    if len(text) > 5000:
        raise ServiceError("reply.too-long",
                           _("Keep the answer under 5,000 characters; attach the rest to a "
                             "corrected version."))
    request = submission.reviews.filter(decision=Decision.REQUEST_CORRECTION).first()
    if request is None or submission.status not in (*SIGNED_STATUSES, "superseded"):
        raise ServiceError("reply.no-request",
                           _("The city has not asked for a correction of this report."),
                           status=409)
    with transaction.atomic():
        reply = ReportReply.objects.create(review=request, submission=submission, text=text,
                                           written_by=acting_user)
        audit_record(actor=acting_user, action="report.replied", obj=submission,
                     after={"review": request.pk, "reply": reply.pk})
    return reply
