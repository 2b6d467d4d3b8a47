"""The pure scoring engine: plain arrays and dataclasses in, scores and explanations out; no ORM."""

from matching.engine.arrays import AVAILABILITY_CODES, NO_DAY, ConsultantArrays, SkillGraph, TenderArrays
from matching.engine.config import FACTORS, GATES, IMPORTANCE_CODES, ScoringConfig
from matching.engine.pairs import PairScores, score_pairs
from matching.engine.ranking import RankedChunk, Ranker

__all__ = [
    "AVAILABILITY_CODES",
    "FACTORS",
    "GATES",
    "IMPORTANCE_CODES",
    "NO_DAY",
    "ConsultantArrays",
    "PairScores",
    "RankedChunk",
    "Ranker",
    "ScoringConfig",
    "SkillGraph",
    "TenderArrays",
    "score_pairs",
]
