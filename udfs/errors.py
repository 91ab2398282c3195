"""Errors the core raises. Each carries a Chinese message fit to show a finance user as it is, the check
code it maps to (``code``) and the role of the input it is about (``role``), so no caller ever reads
the message text to learn what happened.

    try:
        score_indicator("≥3个单位", "2023年5月1日", 10)
    except JixiaoError as e:
        e.code, e.role   # ("JX009", "actual"): the 完成值 is unreadable against this target
"""

from __future__ import annotations

# The inputs an error can be about. None: the call as a whole (an unknown profile, a bad argument).
ROLES = ("target", "actual", "weight", "direction", "budget", "spent", "rate", "score", "total", "deduction")


class JixiaoError(ValueError):
    """Base class: ``str(err)`` is a complete Chinese sentence.

    ``code`` (class attribute): the review check the error is reported under (``None``: no check).
    ``role`` (instance attribute): which input it is about, one of :data:`ROLES` or ``None``.
    """

    code: str | None = None

    def __init__(self, message: str = "", *, role: str | None = None):
        if role is not None and role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
        super().__init__(message)
        self.role = role

    def about(self, role: str) -> JixiaoError:
        """Set the role if none is set yet (the innermost, most precise one wins); returns self."""
        if self.role is None:
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
            self.role = role
        return self

    def __reduce__(self):  # keep role through pickling (multiprocessing folder scans)
        return (_rebuild, (type(self), str(self), self.role))


def _rebuild(cls, message, role):
    return cls(message, role=role)


class ValueReadError(JixiaoError):
    """A typed value (指标值, 完成值, 金额) cannot be read."""

    code = "JX009"


class UnitMismatch(JixiaoError):
    """指标值 and 完成值 are in units that must not be compared silently (万元 vs 元)."""

    code = "JX010"


class ScoringError(JixiaoError):
    """The inputs are readable but cannot be scored together (no weight, date vs number…)."""

    code = "JX009"


class ProfileError(JixiaoError):
    """Unknown or malformed rule profile."""

    code = None
