"""Candidate matching: blocking on indexed name words and ZIP (a query never reads the whole
table), then scoring every candidate pair at once with rapidfuzz.

Blocking reads a query's rare words (BlockToken counts the records with each word): a word
shared by thousands of records brings in thousands of candidates and ranks none of them. A
query with no rare word blocks on its common words within its state, ranked in SQL by how many
words a record shares.

score_candidates screens a frame of queries (a batch, in chunks); screen_one screens a single
business without building DataFrames, whose per-call overhead is most of the time a single
screening takes. Both block and score with the same functions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Case, Count, IntegerField, Max, Q, When
from rapidfuzz import fuzz, process

from procurement.licensing import normalise as norm
from procurement.licensing.models import BlockToken, NameBlock, WageTheftRecord

BLOCK_LIMIT = 300          # candidates read per query, best word overlap first
COMMON_TOKEN_RECORDS = 1000  # a name word in more records than this is not blocked on
MIN_NAME_SIMILARITY = 60   # below this a record is not a candidate whatever its address
MIN_SCORE = 60             # listed as a candidate
AGREE = 85                 # a field "agreed" at or above this similarity
ADDRESS_WEIGHTS = {"street": 0.35, "city": 0.2, "state": 0.15, "zip": 0.3}
NAME_SHARE = 0.7           # of the score, when the query gives an address
IDS_PER_READ = 10_000       # bound parameters per statement (SQLite allows 32,766)
QUERY_COLUMNS = ("name_norm", "other_norm", "street_norm", "city_norm", "state", "zip_code")
RECORD_COLUMNS = ("id", "trade_norm", "legal_norm", "street_norm", "city_norm", "state",
                  "zip_code")


@dataclass(frozen=True)
class BusinessQuery:
    name: str
    other_name: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""


def _both_names_words(legal: list[str], other: list[str]) -> list[str]:
    return legal + [word for word in other if word not in legal]


def queries_frame(queries: list[BusinessQuery]) -> pd.DataFrame:
    raw = pd.DataFrame([q.__dict__ for q in queries], dtype="string")
    legal, dba = norm.split_dba(raw["name"])
    other = raw["other_name"].fillna("").where(raw["other_name"].fillna("") != "", dba)
    frame = pd.DataFrame({
        "name_norm": norm.normalise_name(legal), "other_norm": norm.normalise_name(other),
        "street_norm": norm.normalise_street(raw["street"]),
        "city_norm": norm.normalise_city(raw["city"]),
        "state": norm.normalise_state(raw["state"]),
        "zip_code": norm.normalise_zip(raw["zip_code"]),
    })
    frame["tokens"] = [_both_names_words(a, b) for a, b in zip(
        norm.name_tokens(frame["name_norm"]), norm.name_tokens(frame["other_norm"]),
        strict=True)]
    return frame


def query_fields(query: BusinessQuery) -> dict:
    """One query normalised as queries_frame normalises each row of a batch."""
    legal, dba = norm.dba_parts(query.name)
    fields = {
        "name_norm": norm.name_key(legal), "other_norm": norm.name_key(query.other_name or dba),
        "street_norm": norm.street_key(query.street), "city_norm": norm.city_key(query.city),
        "state": norm.state_key(query.state), "zip_code": norm.zip_key(query.zip_code),
    }
    fields["tokens"] = _both_names_words(norm.name_words(fields["name_norm"]),
                                         norm.name_words(fields["other_norm"]))
    return fields


def _word_records(tokens: list[str]) -> dict[str, int]:
    return dict(BlockToken.objects.filter(token__in=tokens).values_list("token", "records"))


def _is_rare(records: pd.Series | int) -> pd.Series | bool:
    return (records > 0) & (records <= COMMON_TOKEN_RECORDS)


def blocking_words(queries: pd.DataFrame) -> pd.DataFrame:
    """(query, token, state, rare): the words each query blocks on. A query with words shared by
    at most COMMON_TOKEN_RECORDS records blocks on those alone (rare=True); a query with only
    common words blocks on all of them within its state (rare=False). Words no record has are
    left out."""
    words = queries[["tokens", "state"]].explode("tokens").dropna(subset=["tokens"])
    words = words.rename(columns={"tokens": "token"}).rename_axis("query").reset_index()
    records = words["token"].map(_word_records(words["token"].unique().tolist())).fillna(0)
    words["rare"] = _is_rare(records)
    has_rare = words["rare"].groupby(words["query"]).transform("any")
    return words[words["rare"] | (~has_rare & (records > 0))]


def ranked_block(tokens: list[str], state: str, *, within_state: bool) -> list[int]:
    """The BLOCK_LIMIT records sharing most of `tokens` (then those in `state`), counted in
    SQL: common words can have thousands of records each."""
    blocks = NameBlock.objects.filter(token__in=tokens)
    if within_state and state:
        blocks = blocks.filter(state=state)
    in_state = Max(Case(When(state=state, then=1), default=0, output_field=IntegerField()))
    return list(blocks.values("record_id").annotate(shared=Count("id"), in_state=in_state)
                .order_by("-shared", "-in_state", "record_id")
                .values_list("record_id", flat=True)[:BLOCK_LIMIT])


def candidate_pairs(queries: pd.DataFrame) -> pd.DataFrame:
    """(query, record_id) pairs sharing a blocking word or the ZIP code."""
    words = blocking_words(queries)
    rare = words[words["rare"]]
    blocks = pd.DataFrame(
        list(NameBlock.objects.filter(token__in=rare["token"].unique().tolist())
             .values_list("token", "state", "record_id")),
        columns=["token", "record_state", "record_id"])
    by_word = rare.merge(blocks, on="token")
    by_word["same_state"] = by_word["state"] == by_word["record_state"]
    ranked = (by_word.groupby(["query", "record_id"])
              .agg(shared=("token", "size"), same_state=("same_state", "max")).reset_index()
              .sort_values(["query", "shared", "same_state", "record_id"],
                           ascending=[True, False, False, True]))
    ranked = ranked.groupby("query").head(BLOCK_LIMIT)[["query", "record_id"]]
    common = words[~words["rare"]].groupby("query").agg(tokens=("token", list),
                                                        state=("state", "first"))
    by_common = pd.DataFrame(
        [(query, record_id) for query, tokens, state in common.itertuples()
         for record_id in ranked_block(tokens, state, within_state=True)],
        columns=["query", "record_id"], dtype="int64")
    zips = queries.loc[queries["zip_code"] != "", "zip_code"]
    by_zip = pd.DataFrame(
        list(WageTheftRecord.objects.filter(zip_code__in=zips.unique().tolist())
             .values_list("zip_code", "id")), columns=["zip_code", "record_id"])
    zipped = zips.rename_axis("query").reset_index().merge(by_zip, on="zip_code")
    return pd.concat([ranked, by_common, zipped[["query", "record_id"]]]).drop_duplicates()


def _similarity(left: np.ndarray, right: np.ndarray, scorer, workers: int) -> np.ndarray:
    both = (left != "") & (right != "")
    scores = np.full(len(left), np.nan)
    if both.any():
        scores[both] = process.cpdist(left[both].tolist(), right[both].tolist(),
                                      scorer=scorer, workers=workers)
    return scores


def _name_similarity(left: np.ndarray, right: np.ndarray, workers: int) -> np.ndarray:
    """Word order ignored; a name wholly inside the other counts a little less than equal."""
    return np.fmax(_similarity(left, right, fuzz.token_sort_ratio, workers),
                   0.9 * _similarity(left, right, fuzz.token_set_ratio, workers))


def _zip_area(zips: np.ndarray) -> np.ndarray:
    """The first three digits of five-digit ZIPs (NaN for a blank one)."""
    return pd.to_numeric(pd.Series(zips, dtype=object), errors="coerce").to_numpy() // 100


def _scores(query: dict[str, np.ndarray], record: dict[str, np.ndarray],
            workers: int = 1) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    """Score aligned (query, record) pairs: the score (0-100), the per-field similarities (NaN
    where either side is blank) and whether the pair is a candidate."""
    sims = {
        "trade_name": np.fmax(_name_similarity(query["name_norm"], record["trade_norm"], workers),
                              _name_similarity(query["other_norm"], record["trade_norm"],
                                               workers)),
        "legal_name": np.fmax(_name_similarity(query["name_norm"], record["legal_norm"], workers),
                              _name_similarity(query["other_norm"], record["legal_norm"],
                                               workers)),
        "street": _similarity(query["street_norm"], record["street_norm"],
                              fuzz.token_sort_ratio, workers),
        "city": _similarity(query["city_norm"], record["city_norm"], fuzz.ratio, workers),
    }
    known_state = (query["state"] != "") & (record["state"] != "")
    sims["state"] = np.where(known_state, np.where(query["state"] == record["state"], 100, 0),
                             np.nan)
    known_zip = (query["zip_code"] != "") & (record["zip_code"] != "")
    same_area = _zip_area(query["zip_code"]) == _zip_area(record["zip_code"])
    zip_score = np.where(query["zip_code"] == record["zip_code"], 100,
                         np.where(same_area, 60, 0))
    sims["zip"] = np.where(known_zip, zip_score, np.nan)
    name = np.nan_to_num(np.fmax(sims["trade_name"], sims["legal_name"]))
    weights = np.zeros(len(name))
    address = np.zeros(len(name))
    for field, weight in ADDRESS_WEIGHTS.items():
        known = ~np.isnan(sims[field])
        weights += np.where(known, weight, 0)
        address += np.where(known, weight * np.nan_to_num(sims[field]), 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(weights > 0, NAME_SHARE * name + (1 - NAME_SHARE) * address / weights,
                         name)
    score = np.round(score).astype(int)
    return score, sims, (name >= MIN_NAME_SIMILARITY) & (score >= MIN_SCORE)


def _reasons(sims: dict[str, np.ndarray]) -> list[list[dict]]:
    fields = list(sims)
    return [[{"field": f, "similarity": int(round(v))} for f, v in zip(fields, row, strict=True)
             if v >= AGREE] for row in np.column_stack([sims[f] for f in fields])]


def _text_columns(frame: pd.DataFrame, columns) -> dict[str, np.ndarray]:
    return {c: frame[c].fillna("").to_numpy(dtype=object) for c in columns}


def _record_rows(ids: list[int]) -> list[tuple]:
    """RECORD_COLUMNS of the records, read in plain SQL: a batch reads tens of thousands, and
    the ORM's preparation of an `id__in` list costs more than the read."""
    rows: list[tuple] = []
    select = f"SELECT {', '.join(RECORD_COLUMNS)} FROM {WageTheftRecord._meta.db_table} WHERE "
    with connection.cursor() as cursor:
        for start in range(0, len(ids), IDS_PER_READ):
            chunk = ids[start:start + IDS_PER_READ]
            if connection.vendor == "postgresql":  # one array parameter, not one per id
                cursor.execute(select + "id = ANY(%s)", [chunk])
            else:
                cursor.execute(select + f"id IN ({', '.join(['%s'] * len(chunk))})", chunk)
            rows += cursor.fetchall()
    return rows


def score_candidates(queries: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """Scored candidates: query, record_id, score (0-100), per-field similarities and the
    reasons (fields that agreed), best first within each query."""
    pairs = candidate_pairs(queries)
    if pairs.empty:
        return pd.DataFrame(columns=["query", "record_id", "score", "reasons"])
    records = pd.DataFrame(_record_rows(pairs["record_id"].unique().tolist()),
                           columns=RECORD_COLUMNS)
    pairs = pairs.merge(records.rename(columns={"id": "record_id"}), on="record_id")
    asked = queries.loc[pairs["query"]]
    score, sims, candidate = _scores(_text_columns(asked, QUERY_COLUMNS),
                                     _text_columns(pairs, RECORD_COLUMNS[1:]), workers=-1)
    result = pairs[["query", "record_id"]].copy()
    result["score"] = score
    for field, values in sims.items():
        result[field] = values
    result = result[candidate].sort_values(["query", "score", "record_id"],
                                           ascending=[True, False, True])
    result = result.groupby("query").head(limit).reset_index(drop=True)
    result["reasons"] = _reasons({f: result[f].to_numpy() for f in sims})
    return result


def screen_one(query: BusinessQuery, limit: int = 10) -> tuple[dict, list[dict]]:
    """One business: its normalised fields and its candidates (record_id, score, reasons), best
    first, as score_candidates finds and scores them."""
    fields = query_fields(query)
    counts = _word_records(fields["tokens"])
    rare = [word for word in fields["tokens"] if _is_rare(counts.get(word, 0))]
    common = [word for word in fields["tokens"] if counts.get(word, 0)]
    block = (ranked_block(rare, fields["state"], within_state=False) if rare
             else ranked_block(common, fields["state"], within_state=True) if common else [])
    near = Q(id__in=block)
    if fields["zip_code"]:
        near |= Q(zip_code=fields["zip_code"])
    rows = list(WageTheftRecord.objects.filter(near).values_list(*RECORD_COLUMNS))
    if not rows:
        return fields, []
    columns = np.array(rows, dtype=object).T
    record = dict(zip(RECORD_COLUMNS, columns, strict=True))
    asked = {c: np.full(len(rows), fields[c], dtype=object) for c in QUERY_COLUMNS}
    score, sims, candidate = _scores(asked, {c: record[c] for c in RECORD_COLUMNS[1:]})
    order = sorted(np.flatnonzero(candidate), key=lambda i: (-score[i], record["id"][i]))[:limit]
    reasons = _reasons({f: values[order] for f, values in sims.items()})
    return fields, [{"record_id": int(record["id"][i]), "score": int(score[i]),
                     "reasons": why} for i, why in zip(order, reasons, strict=True)]
