"""The one error root of jixiao, importable from every layer.

An error is data: a message template with named parameters (``template``, ``params``), the check code it
maps to (``code``) and the role of the input it is about (``role``). Its Chinese text is written by one
renderer (:func:`render`) when somebody shows it — never edited, never parsed. A file name is a parameter
(``file``), so a caller that read a temporary copy names the user's workbook with :meth:`JixiaoError.where`.

    try:
        score_indicator("≥3个单位", "2023年5月1日", 10)
    except JixiaoError as e:
        e.code, e.role   # ("JX009", "actual"): the 完成值 is unreadable against this target

Every layer raises a subclass of :class:`JixiaoError`, so a caller catches one class (and ``OSError``, which
:func:`os_reason` turns into Chinese).
"""

from __future__ import annotations

import errno as _errno
import math
import os
import string

# The inputs an error can be about. None: the call as a whole (an unknown profile, a bad argument).
ROLES = ("target", "actual", "weight", "direction", "budget", "spent", "rate", "score", "total", "deduction", "coefficient")


class JixiaoError(ValueError):
    """Base class. ``str(err)`` is the rendered Chinese sentence.

    ``code`` (class attribute): the review check the error is reported under (``None``: no check).
    ``role`` (instance attribute): which input it is about, one of :data:`ROLES` or ``None``.
    """

    code: str | None = None

    def __init__(self, template: str = "", /, *, role: str | None = None, **params):
        if role is not None and role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
        super().__init__(template)
        self.template = template
        self.params = params
        self.role = role

    def __str__(self) -> str:
        return render(self.template, self.params)

    def about(self, role: str) -> JixiaoError:
        """Set the role if none is set yet (the innermost, most precise one wins); returns self."""
        if self.role is None:
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r}; expected one of {ROLES}")
            self.role = role
        return self

    def where(self, file) -> JixiaoError:
        """The same error naming ``file`` (the user's workbook, where a temporary copy was read)."""
        err = type(self)(self.template, role=self.role, **{**self.params, "file": file})
        err.__dict__.update({k: v for k, v in self.__dict__.items() if k not in ("template", "params", "role")})
        return err

    def __reduce__(self):  # template, params and role survive pickling (worker processes)
        return (_rebuild, (type(self), self.template, self.role, self.params, self.__dict__))


def _rebuild(cls, template, role, params, state):
    err = cls.__new__(cls)
    JixiaoError.__init__(err, template, role=role, **params)
    err.__dict__.update(state)
    return err


# --- the core's errors ------------------------------------------------------------------------------

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


# --- the other layers' errors (declared here so each layer needs only this module) --------------------

class NotAForm(JixiaoError):
    """A sheet that is not one of the forms: the reason it was skipped."""


class ReadError(JixiaoError):
    """A workbook that cannot be read (damaged, encrypted, not a workbook …)."""


class XmlError(JixiaoError):
    """An XML part that cannot be parsed; ``unsafe`` when it declares a DTD or entities."""

    def __init__(self, template: str = "", /, *, unsafe: bool = False, **params):
        super().__init__(template, **params)
        self.unsafe = unsafe


class PackageError(ReadError):
    """The zip a workbook is: refused or damaged, or a write of it that failed."""


class PatchError(JixiaoError):
    """A write into a workbook refused: names file, sheet and cell."""


class ReportError(JixiaoError):
    """No report could be written."""


class InputError(JixiaoError):
    """A command's own input (a project list, a template id, an output name) that cannot be used."""


class InstallError(JixiaoError, OSError):
    """The add-in cannot be built, bundled or installed on this machine (an OSError too: what the system
    lacks or refuses)."""

    def __init__(self, template: str = "", /, *, role: str | None = None, **params):
        JixiaoError.__init__(self, template, role=role, **params)

    def __str__(self) -> str:
        return JixiaoError.__str__(self)


class InternalError(JixiaoError):
    """Something the code did not foresee, kept as data so a run over a folder goes on."""


# --- the one renderer ---------------------------------------------------------------------------------

def number(x: float) -> str:
    """A number for a sentence: at most two decimals, no exponent for ordinary figures, and never a
    hundred digits (1e308 → 1.0×10^308)."""
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if not math.isfinite(x):
        return "无穷大" if x > 0 else ("负无穷大" if x < 0 else "非数值")
    if abs(x) >= 1e15 or (x and abs(x) < 1e-4):
        mantissa, exp = f"{x:.1e}".split("e")
        return f"{mantissa}×10^{int(exp)}"
    if isinstance(x, int) or x == int(x):
        return f"{int(x)}"
    return f"{x:.4f}".rstrip("0").rstrip(".") if abs(x) < 0.01 else f"{x:.2f}".rstrip("0").rstrip(".")


def points(x: float) -> str:
    """9.5 → "9.50", 10.0 → "10", 99.07 → "99.07"."""
    if not math.isfinite(x) or abs(x) >= 1e15:
        return number(x)
    return f"{x:.2f}".rstrip("0").rstrip(".") if x == int(x) else f"{x:.2f}"


def percent(x: float) -> str:
    """0.9316 → "93.16%"."""
    if not math.isfinite(x) or abs(x) >= 1e13:
        return number(x * 100 if math.isfinite(x) else x) + "%"
    return f"{x * 100:.2f}%"


def amount(x: float) -> str:
    """Two decimals, as money is written (no thousands separator: the forms' own cells have none)."""
    if not math.isfinite(x) or abs(x) >= 1e15:
        return number(x)
    return f"{x:.2f}"


class MessageFormatter(string.Formatter):
    """Format specs of every Chinese template: ``pt`` points, ``%`` a fraction as a percent, ``amt`` an amount;
    a bare float is :func:`number`; a path is shown as given; a nested error is rendered."""

    def format_field(self, value, spec):
        if spec == "pt":
            return points(value)
        if spec == "%":
            return percent(value)
        if spec == "amt":
            return amount(value)
        if not spec:
            if isinstance(value, JixiaoError):
                return str(value)
            if isinstance(value, (list, tuple)):  # things that render themselves: skipped sheets, notes
                return "；".join(str(v) for v in value)
            if isinstance(value, float):
                return number(value)
            if isinstance(value, os.PathLike):
                return os.fspath(value)
        return super().format_field(value, spec)


FORMATTER = MessageFormatter()


def render(template: str, params) -> str:
    """The sentence ``template`` makes with ``params`` (a template without parameters is the sentence)."""
    if not params:
        return template
    return FORMATTER.vformat(template, (), dict(params))


# --- the operating system's reasons, in Chinese ----------------------------------------------------------

_REASONS = {
    _errno.ENOSPC: "磁盘空间不足",
    _errno.EACCES: "没有权限（文件可能正被 Excel 或 Word 打开，或文件夹只读）",
    _errno.EPERM: "没有权限（文件可能正被 Excel 或 Word 打开，或文件夹只读）",
    _errno.ENOENT: "文件或文件夹不存在",
    _errno.EEXIST: "文件已存在",
    _errno.EISDIR: "这是文件夹，不是文件",
    _errno.ENOTDIR: "路径中有一段不是文件夹",
    _errno.ENAMETOOLONG: "文件名或路径过长",
    _errno.EROFS: "磁盘是只读的",
    _errno.EIO: "读写出错（磁盘或网络盘故障）",
    _errno.EDQUOT: "磁盘配额已用完",
    _errno.EMFILE: "同时打开的文件过多",
    _errno.EBUSY: "文件正被其他程序占用",
    _errno.EFBIG: "文件过大",
    _errno.ETXTBSY: "文件正被其他程序占用",
    _errno.ENFILE: "同时打开的文件过多",
    _errno.EXDEV: "无法跨磁盘移动文件",
    _errno.EINVAL: "文件名无效（可能含有系统不允许的字符）",
    _errno.ENOMEM: "内存不足",
    _errno.ELOOP: "路径中的快捷方式（符号链接）形成了循环",
    _errno.ENODEV: "设备不存在",
    _errno.ENXIO: "设备不存在",
    _errno.ETIMEDOUT: "网络盘连接超时",
    _errno.ECONNRESET: "网络盘连接中断",
}
# Windows' own codes where Python gives no errno of the same meaning
_WINERROR = {32: "文件正被其他程序（如 Excel）打开", 33: "文件的一部分被其他程序锁定", 112: "磁盘空间不足",
             206: "文件名或路径过长", 123: "文件名无效（可能含有系统不允许的字符）"}


def os_reason(e: OSError) -> str:
    """Why an operating-system call failed, in Chinese (never the system's English text)."""
    if getattr(e, "winerror", None) in _WINERROR:  # 32 ERROR_SHARING_VIOLATION: open in Excel …
        return _WINERROR[e.winerror]
    reason = _REASONS.get(getattr(e, "errno", None))
    if reason:
        return reason
    return f"系统错误 {e.errno}" if getattr(e, "errno", None) else f"系统错误（{type(e).__name__}）"
