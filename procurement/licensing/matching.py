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

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db import connection
from django.db.models import Case, Count, IntegerField, Max, Q, When
from django.utils.translation import gettext_noop
from rapidfuzz import fuzz, process

from procurement.licensing import normalise as norm
from procurement.licensing.models import BlockToken, NameBlock, WageTheftRecord

BLOCK_LIMIT = 300          # candidates read per query, best word overlap first
BATCH_BLOCK_LIMIT = 100    # in a batch, those sharing the rarest words: scoring is per pair
COMMON_TOKEN_RECORDS = 1000  # a name word in more records than this is not blocked on
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


_VOCABULARY: dict = {"key": None}


def _vocabulary() -> dict:
    """The blocking words of every record by length and the number of records, read again
    after an import."""
    from procurement.licensing.models import SourceImport

    key = tuple(SourceImport.objects.aggregate(Max("finished_at"), Count("id")).values())
    if _VOCABULARY["key"] != key:
        by_length: dict[int, list[str]] = {}
        for token in BlockToken.objects.filter(records__gt=0).values_list("token", flat=True):
            by_length.setdefault(len(token), []).append(token)
        _VOCABULARY.update(key=key, by_length=by_length, records=WageTheftRecord.objects.count(),
                           known={t for group in by_length.values() for t in group})
    return _VOCABULARY


def searched_words(tokens: list[str], vocabulary: dict | None = None) -> list[str]:
    """A query's blocking words and what a person would also look under: two words written
    as one in the records ("united airlines" -> "unitedairlines"), one word the records write
    as two ("paragonsystems" -> "paragon"), and the records' nearest spellings of a word no
    record has ("quiktemp" -> "quicktemp"; character similarity over the words of about the
    same length). `vocabulary`: _vocabulary() when read already (a batch reads it once)."""
    if not tokens:
        return tokens
    vocabulary = _vocabulary() if vocabulary is None else vocabulary
    known, by_length = vocabulary["known"], vocabulary["by_length"]
    found = list(tokens)
    for left, right in zip(tokens, tokens[1:], strict=False):
        if left + right in known:
            found.append(left + right)
    for word in tokens:
        if word in known or len(word) < 4:
            continue
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            parts = [part for part in (head, tail) if part in known]
            if parts and all(p in known or p in norm.GENERIC_TOKENS for p in (head, tail)):
                found += parts
        near = [t for length in range(len(word) - 2, len(word) + 3)
                for t in by_length.get(length, ())]
        for match, _score, _index in process.extract(word, near, scorer=fuzz.ratio,
                                                     score_cutoff=FUZZY_WORD, limit=3):
            found.append(match)
    return list(dict.fromkeys(found))


def blocking_words(queries: pd.DataFrame) -> pd.DataFrame:
    """(query, token, state, rare): the words each query blocks on. A query with words shared by
    at most COMMON_TOKEN_RECORDS records blocks on those alone (rare=True); a query with only
    common words blocks on all of them within its state (rare=False). Words no record has are
    left out."""
    vocabulary = _vocabulary()
    tokens = queries["tokens"].map(lambda words: searched_words(words, vocabulary))
    words = queries[["state"]].assign(tokens=tokens).explode("tokens").dropna(subset=["tokens"])
    words = words.rename(columns={"tokens": "token"}).rename_axis("query").reset_index()
    records = words["token"].map(_word_records(words["token"].unique().tolist())).fillna(0)
    words["rare"] = _is_rare(records)
    words["records"] = records
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
    # The records sharing the rarest words first (a word's weight as the score gives it).
    total = max(_record_count(), REFERENCE_RECORDS) + 1
    by_word["weight"] = np.log(total / (by_word["records"].to_numpy(dtype="float64") + 0.5))
    ranked = (by_word.groupby(["query", "record_id"])
              .agg(shared=("weight", "sum"), same_state=("same_state", "max")).reset_index()
              .sort_values(["query", "shared", "same_state", "record_id"],
                           ascending=[True, False, False, True]))
    ranked = ranked.groupby("query").head(BATCH_BLOCK_LIMIT)[["query", "record_id"]]
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


# -- Scoring: evidence, not similarity ------------------------------------------------------
#
# A candidate's score adds up evidence. The name: words shared by the two names, each weighted
# by how rare it is among the records (a word in one record of 300,000 proves much, "Boston",
# "Builders" or a chain's brand little); a typo, a merged or a split word still counts. The
# place: street and number, ZIP, city and state as separate pieces of evidence, each for or
# against; a field missing on either side is neutral. The thresholds are calibrated on the
# labelled set of bench/bench_licensing.py (tests/licensing/fixtures/evaluation.csv).

OFFER_SCORE = 70           # offered for confirmation at or above (the report's `offered`)
LIST_SCORE = 40            # listed for reference at or above
NAME_POINTS = 70           # an equal name of rare words, with nothing known of the place
INFORMATION_FULL = 8.0     # the rarity (IDF) of agreed words that makes a name proof
REFERENCE_RECORDS = 100_000  # a small table is weighted as if it were at least this large
GENERIC_WEIGHT = 0.5       # "and", "services", "group" ...
COMMON_WEIGHT = 3.0        # at most, for words common in business names everywhere
PLACE_POINTS = {           # (agrees, disagrees) points per field known on both sides
    "street": (20, -10), "zip": (10, -10), "city": (5, -5), "state": (5, -35)}
CHAIN_STREET_POINTS = -20  # another street when the name is a chain's or common words
CHAIN_STREET_AGREES = 30   # the same street then: what tells franchisees apart
FUZZY_WORD = 85            # two words of 4+ letters this alike are one word misspelt
# Words common in business names whatever the table holds (brands of chains among them): a
# small table has too few names to learn it, and a large one agrees.
COMMON_WORDS = frozenset("""
boston cambridge somerville chelsea everett quincy brookline newton worcester springfield
lowell massachusetts mass england ma bay state city metro north south east west central
builders building build general contractor contractors construction constructions company
painting painters plumbing plumbers heating electric electrical electricians roofing masonry
concrete paving landscaping landscape lawn tree snow cleaning cleaners janitorial
maintenance facility facilities property properties realty home homes house care health
healthcare medical dental staffing labor workforce trucking transport transportation
logistics delivery moving auto automotive motors repair repairs tire car wash security
protective design designs development developers restoration renovation renovations
remodeling carpentry drywall flooring windows doors glass steel iron metal welding
excavation demolition sitework site mechanical hvac fire sprinkler environmental
grill pizza pizzeria cafe coffee deli bakery kitchen restaurant bar pub tavern diner
market foods food farm farms fresh family brothers bros sons son father daughters
global first best quality premier professional pro elite star royal golden ace united
express one 1 2 3 24 7 plus max
subway mcdonalds burger king dunkin donuts starbucks wendys taco bell pizza hut dominos
papa johns kfc popeyes chipotle panera jack box sonic arbys chick fil shell mobil
exxon sunoco citgo gulf cvs walgreens walmart target usps postal
""".split())


@dataclass(frozen=True)
class Words:
    """How much each name word proves: its inverse document frequency among the records."""

    records: int
    counts: dict[str, int]
    known: dict[str, float] = field(default_factory=dict, repr=False)  # weights worked out

    def specific(self, word: str) -> bool:
        """Not a word every kind of business uses (a chain's brand among them)."""
        return word not in norm.GENERIC_TOKENS and word not in COMMON_WORDS

    def weight(self, word: str) -> float:
        found = self.known.get(word)
        if found is None:
            found = self.known[word] = self._weight(word)
        return found

    def _weight(self, word: str) -> float:
        if word in norm.GENERIC_TOKENS or len(word) < 2:
            return GENERIC_WEIGHT
        total = max(self.records, REFERENCE_RECORDS)
        rarity = math.log((total + 1) / (self.counts.get(word, 0) + 0.5))
        return min(rarity, COMMON_WEIGHT) if word in COMMON_WORDS else max(rarity, 1.0)


def _record_count() -> int:
    """The records screened against, counted once per import (with the vocabulary)."""
    return _vocabulary()["records"]


def words_for(names: list[str]) -> Words:
    """The weights of every word in `names` (normalised), read once."""
    vocabulary = {word for name in names for word in name.split()}
    return Words(_record_count(), _word_records(sorted(vocabulary)))


def _align(left: list[str], right: list[str], words: Words) -> tuple[float, float]:
    """Two names' words aligned: (weighted Dice similarity 0..1, rarity agreed). A word
    matches the same word, a misspelling of it (FUZZY_WORD), or two words written as one."""
    if not left or not right:
        return 0.0, 0.0
    if "".join(left) == "".join(right):
        return 1.0, sum(words.weight(w) for w in (left if len(left) >= len(right) else right))
    free = list(range(len(right)))
    shared = agreed = 0.0
    i = 0
    while i < len(left):
        word, hit, alike, used = left[i], None, 0.0, 1
        for j in free:
            if right[j] == word:
                hit, alike = j, 1.0
                break
        if hit is None and i + 1 < len(left):
            joined = word + left[i + 1]
            hit = next((j for j in free if right[j] == joined), None)
            alike, used = (1.0, 2) if hit is not None else (0.0, 1)
        if hit is None:
            for j in free:
                if j + 1 < len(right) and j + 1 in free and right[j] + right[j + 1] == word:
                    free.remove(j + 1)
                    hit, alike = j, 1.0
                    break
        if hit is None and len(word) >= 4:
            best = max(((fuzz.ratio(word, right[j]), j) for j in free if len(right[j]) >= 4),
                       default=(0.0, None))
            if best[0] >= FUZZY_WORD:
                alike, hit = best[0] / 100, best[1]
        if hit is not None:
            free.remove(hit)
            weight = min(sum(words.weight(w) for w in left[i:i + used]),
                         words.weight(right[hit]))
            shared += alike * weight
            agreed += alike * weight
        i += used
    total = sum(words.weight(w) for w in left) + sum(words.weight(w) for w in right)
    return min(2 * shared / total, 1.0), agreed


def _street_parts(street: str) -> tuple[str, str]:
    number, _, rest = street.partition(" ")
    return (number, rest) if number[:1].isdigit() else ("", street)


def _place(query: dict, record: dict, weak_name: bool) -> dict[str, int]:
    """Points per place field known on both sides: for (+) or against (-)."""
    points = {}
    if query["street_norm"] and record["street_norm"]:
        q_number, q_rest = _street_parts(query["street_norm"])
        r_number, r_rest = _street_parts(record["street_norm"])
        alike = fuzz.token_sort_ratio(q_rest, r_rest)
        numbers_differ = bool(q_number and r_number and q_number != r_number)
        agree, against = PLACE_POINTS["street"]
        if alike >= 85 and not numbers_differ:
            points["street"] = CHAIN_STREET_AGREES if weak_name else agree
        elif alike < 60 or numbers_differ:
            points["street"] = CHAIN_STREET_POINTS if weak_name else against
    if query["zip_code"] and record["zip_code"]:
        agree, against = PLACE_POINTS["zip"]
        points["zip"] = (agree if query["zip_code"] == record["zip_code"]
                         else against // 2 if query["zip_code"][:3] == record["zip_code"][:3]
                         else against)
    if query["city_norm"] and record["city_norm"]:
        alike = fuzz.ratio(query["city_norm"], record["city_norm"])
        agree, against = PLACE_POINTS["city"]
        if alike >= 90 or alike < 80:
            points["city"] = agree if alike >= 90 else against
    if query["state"] and record["state"]:
        agree, against = PLACE_POINTS["state"]
        points["state"] = agree if query["state"] == record["state"] else against
    return points


def score_pair(query: dict, record: dict,
               words: Words) -> tuple[int, float, dict[str, int], float]:
    """(score 0-100, name similarity 0..1, place points per field, how far the agreed name
    words prove it 0..1) of one query and record, both normalised (query_fields;
    RECORD_COLUMNS)."""
    similarity, agreed = 0.0, 0.0
    held_names = {name for name in (record["trade_norm"], record["legal_norm"]) if name}
    for asked in {name for name in (query["name_norm"], query["other_norm"]) if name}:
        for held in held_names:
            alike, info = _align(asked.split(), held.split(), words)
            if (alike, info) > (similarity, agreed):
                similarity, agreed = alike, info
    proof = min(agreed / INFORMATION_FULL, 1.0)
    if similarity == 1.0 and any(words.specific(w) for w in query["name_norm"].split()):
        proof = 1.0  # the same whole name, not only common words: "C&L Service"
    place = _place(query, record, weak_name=proof < 1.0)
    score = NAME_POINTS * similarity * proof + sum(place.values())
    return int(round(min(max(score, 0.0), 100.0))), similarity, place, proof


def same_business(one: dict, other: dict, alike: float, words: Words) -> bool:
    """Two screened businesses (query_fields) are one: names aligned at `alike` or better
    (`words`: words_for both names), neither state nor ZIP differing where both are known."""
    similarity, _ = _align(one["name_norm"].split(), other["name_norm"].split(), words)
    differs = any(one[f] and other[f] and one[f] != other[f] for f in ("state", "zip_code"))
    return similarity >= alike and not differs


def reasons_of(similarity: float, place: dict[str, int]) -> list[dict]:
    """The evidence as the report keeps it: [{field, agrees}], the name first."""
    name = "same name" if similarity >= 0.95 else "similar name" if similarity >= 0.75 \
        else "name partly alike"
    return [{"field": "name", "agrees": True, "detail": name,
             "similarity": int(round(similarity * 100))}] + [
        {"field": field, "agrees": points > 0} for field, points in place.items()]


AGREES = {"street": gettext_noop("same street address"), "zip": gettext_noop("ZIP agrees"),
          "city": gettext_noop("same city"), "state": gettext_noop("same state")}
DIFFERS = {"street": gettext_noop("another street address"),
           "zip": gettext_noop("another ZIP"), "city": gettext_noop("another city"),
           "state": gettext_noop("another state")}
NAME_WORDS = {"same name": gettext_noop("same name"),
              "similar name": gettext_noop("similar name"),
              "name partly alike": gettext_noop("name partly alike")}


def why(reasons: list[dict], translate=gettext_noop) -> str:
    """The evidence in words: 'same name, same street address, ZIP agrees; another city'."""
    name = [translate(NAME_WORDS[r["detail"]]) for r in reasons if r["field"] == "name"]
    agree = [translate(AGREES[r["field"]]) for r in reasons
             if r["field"] != "name" and r["agrees"]]
    differ = [translate(DIFFERS[r["field"]]) for r in reasons
              if r["field"] != "name" and not r["agrees"]]
    text = ", ".join(name + agree)
    return f"{text}; {', '.join(differ)}" if differ else text


def _score_rows(query_rows: list[dict], record_rows: list[dict]) -> list[tuple]:
    """(score, reasons) of aligned query and record rows, weights read once."""
    words = words_for([r[c] for r in query_rows for c in ("name_norm", "other_norm")]
                      + [r[c] for r in record_rows for c in ("trade_norm", "legal_norm")])
    scored = []
    for query, record in zip(query_rows, record_rows, strict=True):
        score, similarity, place, proof = score_pair(query, record, words)
        # A name of common words (a chain's) is offered only at the same street.
        proven = proof >= 1.0 or place.get("street", 0) > 0
        scored.append((score, reasons_of(similarity, place), proven))
    return scored


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


MIN_NAME_SIMILARITY = 0.5  # below this a record is no candidate, whatever its address
PREFILTER = 40             # a batch scores in full only pairs whose names are this alike


def _clean_ids(ids: list[int]) -> set[int]:
    """The clean investigations among the records (models.CLEAN_CASE)."""
    from procurement.licensing.models import CLEAN_CASE

    clean: set[int] = set()
    for start in range(0, len(ids), IDS_PER_READ):
        chunk = ids[start:start + IDS_PER_READ]
        clean.update(WageTheftRecord.objects.filter(CLEAN_CASE, id__in=chunk)
                     .values_list("id", flat=True))
    return clean


def _candidates(query_rows: list[dict], record_rows: list[dict]) -> list[dict]:
    """Each pair's score, reasons, and whether it is listed and offered (clean cases never
    are offered)."""
    out = []
    ids = [record.get("id", record.get("record_id")) for record in record_rows]
    scored = _score_rows(query_rows, record_rows)
    clean_ids = _clean_ids(list({record_id for record_id, (score, reasons, _) in zip(
        ids, scored, strict=True) if score >= LIST_SCORE}))
    for record_id, (score, reasons, proven) in zip(ids, scored, strict=True):
        clean = record_id in clean_ids
        listed = score >= LIST_SCORE and reasons[0]["similarity"] >= MIN_NAME_SIMILARITY * 100
        out.append({"score": score, "reasons": reasons, "listed": listed, "clean": clean,
                    "offered": listed and proven and score >= OFFER_SCORE and not clean})
    return out


def _names_alike(asked: dict[str, np.ndarray], held: dict[str, np.ndarray]) -> np.ndarray:
    """A cheap bound, vectorised: the best token-set or run-together similarity of the names."""
    best = np.zeros(len(asked["name_norm"]))
    for left in ("name_norm", "other_norm"):
        for right in ("trade_norm", "legal_norm"):
            a, b = asked[left], held[right]
            both = (a != "") & (b != "")
            if not both.any():
                continue
            pair = [x.tolist() for x in (a[both], b[both])]
            set_ratio = process.cpdist(*pair, scorer=fuzz.token_set_ratio, workers=-1)
            joined = process.cpdist([x.replace(" ", "") for x in pair[0]],
                                    [x.replace(" ", "") for x in pair[1]], scorer=fuzz.ratio,
                                    workers=-1)
            best[both] = np.fmax(best[both], np.fmax(set_ratio, joined))
    return best


def _rows(frame: pd.DataFrame, columns) -> list[dict]:
    """The frame's rows as dicts of plain strings (missing as ""), column by column."""
    values = [frame[c].astype(object).where(frame[c].notna(), "").tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def score_candidates(queries: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """Scored candidates: query, record_id, score (0-100), reasons, offered and clean, best
    first within each query; only those listed."""
    columns = ["query", "record_id", "score", "reasons", "offered", "clean"]
    pairs = candidate_pairs(queries)
    if pairs.empty:
        return pd.DataFrame(columns=columns)
    records = pd.DataFrame(_record_rows(pairs["record_id"].unique().tolist()),
                           columns=RECORD_COLUMNS)
    pairs = pairs.merge(records.rename(columns={"id": "record_id"}), on="record_id")
    asked = queries.loc[pairs["query"]].reset_index(drop=True)
    pairs = pairs.reset_index(drop=True)
    alike = _names_alike(_text_columns(asked, QUERY_COLUMNS),
                         _text_columns(pairs, RECORD_COLUMNS[1:]))
    keep = np.flatnonzero(alike >= PREFILTER)
    if not len(keep):
        return pd.DataFrame(columns=columns)
    pairs, asked = pairs.iloc[keep].reset_index(drop=True), asked.iloc[keep]
    query_rows = _rows(asked, QUERY_COLUMNS)
    record_rows = _rows(pairs, ("record_id", *RECORD_COLUMNS[1:]))
    scored = pd.DataFrame(_candidates(query_rows, record_rows))
    result = pd.concat([pairs[["query", "record_id"]], scored], axis=1)
    result = result[result["listed"]].sort_values(["query", "score", "record_id"],
                                                  ascending=[True, False, True])
    return result.groupby("query").head(limit).reset_index(drop=True)[columns]


def screen_one(query: BusinessQuery, limit: int = 10) -> tuple[dict, list[dict]]:
    """One business: its normalised fields and its candidates (record_id, score, reasons,
    offered, clean), best first, as score_candidates finds and scores them."""
    fields = query_fields(query)
    tokens = searched_words(fields["tokens"])
    counts = _word_records(tokens)
    rare = [word for word in tokens if _is_rare(counts.get(word, 0))]
    common = [word for word in tokens if counts.get(word, 0)]
    block = (ranked_block(rare, fields["state"], within_state=False) if rare
             else ranked_block(common, fields["state"], within_state=True) if common else [])
    near = Q(id__in=block)
    if fields["zip_code"]:
        near |= Q(zip_code=fields["zip_code"])
    rows = [dict(zip(RECORD_COLUMNS, row, strict=True))
            for row in WageTheftRecord.objects.filter(near).values_list(*RECORD_COLUMNS)]
    if not rows:
        return fields, []
    scored = _candidates([fields] * len(rows), rows)
    found = [{"record_id": row["id"], **candidate}
             for row, candidate in zip(rows, scored, strict=True) if candidate["listed"]]
    found.sort(key=lambda c: (-c["score"], c["record_id"]))
    return fields, found[:limit]
