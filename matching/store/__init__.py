"""The thin database layer around the engine: bulk loads into arrays, bulk writes of ranked matches.

On PostgreSQL the large reads use binary COPY parsed straight into numpy, and the writes COPY into
a staging table followed by one upsert that touches only rows whose score or breakdown changed.
SQLite takes a plain ORM path with the same results.

`loading` reads the engine's inputs, `stored` reads what earlier recomputes left, `writing` stores
ranked chunks, `packed` holds the PostgreSQL column reader; this package re-exports their public
names, so `from matching import store` and `store.load_graph()` keep working.
"""

from matching.store.loading import load_consultants, load_graph, load_tenders
from matching.store.packed import fetch_packed, is_postgresql
from matching.store.stored import known_fingerprints, pipeline_pairs, tender_cutoffs
from matching.store.writing import COPY_NULL, WriteReport, analyze_matches, delete_suggestions, write_ranked

__all__ = [
    "COPY_NULL",
    "WriteReport",
    "analyze_matches",
    "delete_suggestions",
    "fetch_packed",
    "is_postgresql",
    "known_fingerprints",
    "load_consultants",
    "load_graph",
    "load_tenders",
    "pipeline_pairs",
    "tender_cutoffs",
    "write_ranked",
]
