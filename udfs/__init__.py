"""jixiao.udfs — the pure scoring core and the JX_ worksheet functions.

Plain values in, plain values out: nothing here imports openpyxl, pandas or xlwings (the xlwings
wrappers live in :mod:`jixiao.udfs.xl`, imported only by Excel).
"""

from .errors import ROLES, JixiaoError, ProfileError, ScoringError, UnitMismatch, ValueReadError
from .profiles import DEFAULT_PROFILE, PROFILES, Profile, get_profile, load_profile_file
from .scoring import (
    IndicatorScore,
    completion,
    grade,
    in_qualitative_band,
    qualitative_band,
    qualitative_default,
    rate,
    rate_score,
    score_indicator,
    tier_of,
    total,
)
from .values import DateValue, Qualitative, Quantity, is_blank, parse, parse_amount, parse_rate

__all__ = [
    "DEFAULT_PROFILE", "PROFILES", "ROLES", "DateValue", "IndicatorScore", "JixiaoError", "Profile", "ProfileError",
    "Qualitative", "Quantity", "ScoringError", "UnitMismatch", "ValueReadError", "completion", "get_profile",
    "grade", "in_qualitative_band", "is_blank", "load_profile_file", "parse", "parse_amount", "parse_rate", "qualitative_band",
    "qualitative_default", "rate", "rate_score", "score_indicator", "tier_of", "total",
]
