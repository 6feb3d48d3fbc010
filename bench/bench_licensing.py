"""Licensing screening benchmark (run by hand; takes minutes):

    .venv/bin/python bench/bench_licensing.py [--records 300000] [--db PATH | --database-url URL]

Loads synthetic WHD-format records through the real importer into a SQLite file (default
/tmp/bench_licensing.sqlite3, kept between runs: a file already holding the records is only
migrated, not re-imported; the records are generated from a fixed seed, so they are the same),
or into the database at --database-url (e.g. the throwaway PostgreSQL of .ci/services.sh). Then
measures recall, precision, false alerts, franchise confusions and clean cases offered on the
labelled real-name set (procurement/licensing/evaluation.py, among the synthetic records),
single-screening latency (goal p95 < 50 ms), 10,000 names screened in batch (goal < 60 s),
and recall/precision on planted synthetic name and address variants (goal recall >= 0.95 at
precision >= 0.90; a query counts when its best candidate is offered for confirmation).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
PARSER = argparse.ArgumentParser()
PARSER.add_argument("--records", type=int, default=300_000)
PARSER.add_argument("--labelled", type=int, default=1000)
PARSER.add_argument("--db", type=Path, default=Path(tempfile.gettempdir())
                    / "bench_licensing.sqlite3", help="SQLite file, reused between runs")
PARSER.add_argument("--database-url", help="another database instead (reused likewise)")
ARGS = PARSER.parse_args()
os.environ["DATABASE_URL"] = ARGS.database_url or f"sqlite:///{ARGS.db.resolve()}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procurement.settings")
os.environ["LOG_LEVEL"] = "WARNING"
os.environ.setdefault("DJANGO_DEBUG", "1")  # a local measurement, not a server

import django  # noqa: E402, TID251

django.setup()
from django.core.management import call_command  # noqa: E402, TID251
from django.db import connection  # noqa: E402, TID251

from procurement.licensing.matching import BusinessQuery, queries_frame, score_candidates  # noqa: E402
from procurement.licensing.models import SourceImport, WageTheftRecord  # noqa: E402
from procurement.licensing.selectors import business_screen  # noqa: E402
from procurement.licensing.services import source_import_create  # noqa: E402

RNG = np.random.default_rng(20241123)
SYLLABLES = ["ka", "lo", "mer", "ton", "vi", "sa", "ber", "dan", "ri", "co", "ma", "zel",
             "qui", "ford", "pel", "ash", "nor", "len", "tra", "gus", "bri", "wel", "mon"]
INDUSTRY = ["Cleaning", "Construction", "Restaurant", "Services", "Painting", "Roofing",
            "Landscaping", "Staffing", "Bakery", "Motors", "Logistics", "Security"]
SUFFIX = ["LLC", "Inc.", "Corp", "Co.", "", "L.L.C.", "Incorporated"]
STREETS = ["Street", "Road", "Avenue", "Boulevard", "Drive", "Lane"]
ABBREV = {"Street": "St", "Road": "Rd", "Avenue": "Ave", "Boulevard": "Blvd", "Drive": "Dr",
          "Lane": "Ln"}
STATES = ["MA", "NY", "CA", "TX", "FL", "IL", "PA", "OH", "GA", "NC", "MI", "NJ", "VA", "WA"]


def words(n: int, parts: int = 3) -> np.ndarray:
    chosen = RNG.choice(SYLLABLES, size=(n, parts))
    return np.char.capitalize(np.array(["".join(row) for row in chosen]))


def synthetic(n: int) -> pd.DataFrame:
    first, second = words(n), words(n, 2)
    name = pd.Series(first) + " " + pd.Series(second) + " " + RNG.choice(INDUSTRY, n)
    legal = (name + " " + RNG.choice(SUFFIX, n)).str.strip()
    street = (pd.Series(RNG.integers(1, 9999, n).astype(str)) + " " + pd.Series(words(n, 2))
              + " " + RNG.choice(STREETS, n))
    return pd.DataFrame({
        "case_id": np.arange(1_000_000, 1_000_000 + n).astype(str),
        "trade_nm": np.where(RNG.random(n) < 0.5, name, legal), "legal_name": legal,
        "street_addr_1_txt": street, "cty_nm": pd.Series(words(n, 2)),
        "st_cd": RNG.choice(STATES, n), "zip_cd": pd.Series(RNG.integers(1000, 99999, n))
        .astype(str).str.zfill(5),
        "bw_atp_amt": (RNG.integers(0, 5_000_000, n) / 100).round(2).astype(str),
        "cmp_assd_cnt": "0.00", "findings_start_date": "2019-01-01",
        "findings_end_date": "2020-06-30", "flsa_repeat_violator": "N/A",
    })


def typo(text: str, rng: np.random.Generator) -> str:
    tokens = text.split()
    i = int(rng.integers(0, len(tokens)))
    t = tokens[i]
    if len(t) > 4:
        j = int(rng.integers(1, len(t) - 1))
        tokens[i] = t[:j] + t[j + 1] + t[j] + t[j + 2:]  # swap two letters
    return " ".join(tokens)


def variant(row: pd.Series, rng: np.random.Generator) -> BusinessQuery:
    name = row["legal_name"]
    base = name
    for suffix in ("Incorporated", "L.L.C.", "LLC", "Inc.", "Corp", "Co."):
        if base.endswith(" " + suffix):
            base = base[: -len(suffix) - 1]
    kind = int(rng.integers(0, 6))
    if kind == 0:
        name = base.upper() + ", " + rng.choice(["LLC", "Inc", "Corporation"])
    elif kind == 1:
        name = "The " + base + " L.L.C."
    elif kind == 2:
        name = typo(base, rng)
    elif kind == 3:
        name = base.lower()
    elif kind == 4:
        name = f"{base} d/b/a {row['trade_nm']}"
    else:
        name = typo(base, rng) + " Co"
    street = row["street_addr_1_txt"]
    for long, short in ABBREV.items():
        street = street.replace(long, short)
    return BusinessQuery(name=name, street=street, city=row["cty_nm"].upper(),
                         state=row["st_cd"], zip_code=row["zip_cd"] + ".0")


def load(frame: pd.DataFrame) -> None:
    """Import the records unless the database already holds exactly these."""
    loaded = WageTheftRecord.objects.filter(  # the synthetic ones, not the samples
        source="whd", case_id__gte="1000000", case_id__lt=str(1_000_000 + len(frame))).count()
    if loaded == len(frame):
        print(f"import: {loaded:,} records already in {connection.settings_dict['NAME']} "
              f"(remove the file or drop the database to import again)")
        return
    WageTheftRecord.objects.all().delete()
    with tempfile.TemporaryDirectory(prefix="bench_licensing_") as scratch:
        path = Path(scratch) / "whd_synthetic.csv"
        frame.to_csv(path, index=False)
        started = time.perf_counter()
        run = source_import_create(path=path, source="whd")
        run = SourceImport.objects.get(pk=run.pk)
        seconds = time.perf_counter() - started
    print(f"import: {run.rows_created:,} records in {seconds:.1f} s "
          f"({run.rows_created / seconds:,.0f} rows/s); status {run.status}")


def load_samples() -> None:
    """The shipped public samples (real names) among the synthetic records, for the labelled
    set of real-name queries."""
    from procurement.licensing.evaluation import LABELLED

    fixtures = LABELLED.parent
    for source, name in (("whd", "whd_whisard_sample.csv"),
                         ("ma-ago", "ma_ago_fair_labor_citations_sample.csv")):
        source_import_create(path=fixtures / name, source=source)


def main() -> None:
    args = ARGS
    call_command("migrate", verbosity=0)
    frame = synthetic(args.records)
    load(frame)
    load_samples()
    from procurement.licensing.evaluation import evaluate

    started = time.perf_counter()
    result = evaluate()
    print(f"real names among {WageTheftRecord.objects.count():,} records "
          f"({time.perf_counter() - started:.1f} s):")
    for line in result.lines():
        print(f"  {line}")

    rng = np.random.default_rng(7)
    picked = frame.sample(args.labelled, random_state=7)
    positives = [variant(row, rng) for _, row in picked.iterrows()]
    strangers = synthetic(args.labelled)  # fresh random names: mostly not in the table
    strangers["legal_name"] = ("Zu" + strangers["legal_name"]).str.replace(" ", " Xo", n=1)
    negatives = [BusinessQuery(name=r.legal_name, street=r.street_addr_1_txt, city=r.cty_nm,
                               state=r.st_cd, zip_code=r.zip_cd)
                 for r in strangers.itertuples()]

    latencies, queries = [], []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        for query in positives[:500]:
            t = time.perf_counter()
            business_screen(**query.__dict__)
            latencies.append((time.perf_counter() - t) * 1000)
    p50, p95 = np.percentile(latencies, [50, 95])
    print(f"single screening: p50 {p50:.1f} ms, p95 {p95:.1f} ms (goal < 50 ms: "
          f"{p95 / 50:.2f} x goal); {len(queries) / len(latencies):.1f} queries each "
          f"({connection.vendor})")

    batch = (positives + negatives) * (10_000 // (2 * args.labelled) + 1)
    batch = batch[:10_000]
    t = time.perf_counter()
    for start in range(0, len(batch), 500):
        score_candidates(queries_frame(batch[start:start + 500]), limit=3)
    elapsed = time.perf_counter() - t
    print(f"batch: 10,000 names in {elapsed:.1f} s (goal < 60 s: {elapsed / 60:.2f} x goal)")

    truth = picked["case_id"].tolist()
    ids = dict(WageTheftRecord.objects.filter(source="whd", record_key__in=truth)
               .values_list("id", "record_key"))
    labelled = positives + negatives
    best = score_candidates(queries_frame(labelled), limit=1)
    best = best[best["offered"].astype(bool)].set_index("query")
    tp = sum(1 for i, key in enumerate(truth) if i in best.index
             and ids.get(int(best.loc[i, "record_id"])) == key)
    flagged = len(best)
    recall, precision = tp / len(positives), tp / flagged if flagged else 0.0
    print(f"synthetic set: {len(positives)} planted variants, {len(negatives)} unrelated names; "
          f"offered for confirmation: recall {recall:.3f} (goal >= 0.95), precision "
          f"{precision:.3f} (goal >= 0.90), {flagged} flagged")


if __name__ == "__main__":
    main()
