"""Candidate matching: blocking on indexed name words and ZIP (a query never reads the whole
table), then scoring every candidate pair at once with rapidfuzz."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
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


@dataclass(frozen=True)
class BusinessQuery:
    name: str
    other_name: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""


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
    frame["tokens"] = [a + [t for t in b if t not in a] for a, b in zip(
        norm.name_tokens(frame["name_norm"]), norm.name_tokens(frame["other_norm"]),
        strict=True)]
    return frame


def blocking_words(queries: pd.DataFrame) -> pd.DataFrame:
    """(query, token, state): the words each query blocks on. A query with words shared by at
    most COMMON_TOKEN_RECORDS records blocks on those alone; one with only common words (or
    only words no record has) blocks on all of them and lets the word overlap rank."""
    words = queries[["tokens", "state"]].explode("tokens").dropna(subset=["tokens"])
    words = words.rename(columns={"tokens": "token"}).rename_axis("query").reset_index()
    counts = dict(BlockToken.objects.filter(token__in=words["token"].unique().tolist())
                  .values_list("token", "records"))
    records = words["token"].map(counts).fillna(0)
    rare = (records > 0) & (records <= COMMON_TOKEN_RECORDS)
    has_rare = rare.groupby(words["query"]).transform("any")
    return words[rare | ~has_rare]


def candidate_pairs(queries: pd.DataFrame) -> pd.DataFrame:
    """(query, record_id) pairs sharing a specific name word or the ZIP code."""
    words = blocking_words(queries)
    blocks = pd.DataFrame(
        list(NameBlock.objects.filter(token__in=words["token"].unique().tolist())
             .values_list("token", "state", "record_id")),
        columns=["token", "record_state", "record_id"])
    by_word = words.merge(blocks, on="token")
    by_word["same_state"] = by_word["state"] == by_word["record_state"]
    ranked = (by_word.groupby(["query", "record_id"])
              .agg(shared=("token", "size"), same_state=("same_state", "max")).reset_index()
              .sort_values(["query", "shared", "same_state"], ascending=[True, False, False]))
    ranked = ranked.groupby("query").head(BLOCK_LIMIT)[["query", "record_id"]]
    zips = queries.loc[queries["zip_code"] != "", "zip_code"]
    by_zip = pd.DataFrame(
        list(WageTheftRecord.objects.filter(zip_code__in=zips.unique().tolist())
             .values_list("zip_code", "id")), columns=["zip_code", "record_id"])
    zipped = zips.rename_axis("query").reset_index().merge(by_zip, on="zip_code")
    return pd.concat([ranked, zipped[["query", "record_id"]]]).drop_duplicates()


def _similarity(left: pd.Series, right: pd.Series, scorer) -> np.ndarray:
    both = (left != "") & (right != "")
    scores = np.full(len(left), np.nan)
    if both.any():
        scores[both.to_numpy()] = process.cpdist(left[both].tolist(), right[both].tolist(),
                                                 scorer=scorer, workers=1)
    return scores


def _name_similarity(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Word order ignored; a name wholly inside the other counts a little less than equal."""
    return np.fmax(_similarity(left, right, fuzz.token_sort_ratio),
                   0.9 * _similarity(left, right, fuzz.token_set_ratio))


RECORD_COLUMNS = ("id", "trade_norm", "legal_norm", "street_norm", "city_norm", "state",
                  "zip_code")


def score_candidates(queries: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """Scored candidates: query, record_id, score (0-100), per-field similarities and the
    reasons (fields that agreed), best first within each query."""
    pairs = candidate_pairs(queries)
    if pairs.empty:
        return pd.DataFrame(columns=["query", "record_id", "score", "reasons"])
    records = pd.DataFrame(
        list(WageTheftRecord.objects.filter(id__in=pairs["record_id"].unique().tolist())
             .values_list(*RECORD_COLUMNS)), columns=RECORD_COLUMNS)
    records = records.rename(columns={"id": "record_id"})
    pairs = pairs.merge(records, on="record_id").merge(queries, left_on="query",
                                                        right_index=True, suffixes=("", "_q"))
    sims = {
        "trade_name": np.fmax(_name_similarity(pairs["name_norm"], pairs["trade_norm"]),
                              _name_similarity(pairs["other_norm"], pairs["trade_norm"])),
        "legal_name": np.fmax(_name_similarity(pairs["name_norm"], pairs["legal_norm"]),
                              _name_similarity(pairs["other_norm"], pairs["legal_norm"])),
        "street": _similarity(pairs["street_norm_q"], pairs["street_norm"], fuzz.token_sort_ratio),
        "city": _similarity(pairs["city_norm_q"], pairs["city_norm"], fuzz.ratio),
    }
    known_state = (pairs["state_q"] != "") & (pairs["state"] != "")
    sims["state"] = np.where(known_state, np.where(pairs["state_q"] == pairs["state"], 100, 0),
                             np.nan)
    known_zip = (pairs["zip_code_q"] != "") & (pairs["zip_code"] != "")
    zip_score = np.where(pairs["zip_code_q"] == pairs["zip_code"], 100,
                         np.where(pairs["zip_code_q"].str.slice(0, 3)
                                  == pairs["zip_code"].str.slice(0, 3), 60, 0))
    sims["zip"] = np.where(known_zip, zip_score, np.nan)
    name = np.nan_to_num(np.fmax(sims["trade_name"], sims["legal_name"]))
    weights = np.zeros(len(pairs))
    address = np.zeros(len(pairs))
    for field, weight in ADDRESS_WEIGHTS.items():
        known = ~np.isnan(sims[field])
        weights += np.where(known, weight, 0)
        address += np.where(known, weight * np.nan_to_num(sims[field]), 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(weights > 0, NAME_SHARE * name + (1 - NAME_SHARE) * address / weights,
                         name)
    result = pairs[["query", "record_id"]].copy()
    result["score"] = np.round(score).astype(int)
    for field, values in sims.items():
        result[field] = values
    result = result[(name >= MIN_NAME_SIMILARITY) & (result["score"] >= MIN_SCORE)]
    result = result.sort_values(["query", "score"], ascending=[True, False])
    result = result.groupby("query").head(limit).reset_index(drop=True)
    fields = list(sims)
    result["reasons"] = [[{"field": f, "similarity": int(round(v))} for f, v in row.items()
                          if v >= AGREE] for row in result[fields].to_dict("records")]
    return result
