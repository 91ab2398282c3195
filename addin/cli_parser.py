"""argparse in Chinese: the parser the `jixiao` command is built with.

argparse composes its own text (usage:, options:, "the following arguments are required", invalid choice …)
through gettext's ``_``; this module gives it a Chinese catalogue while one of our parsers is being built,
parsed with or printed, and puts the original back afterwards, so no other user of argparse in the process
(pytest, a host application) sees the change.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import re

ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的取值 %(value)s（可选：%(choices)s）",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "ignored explicit argument %r": "多余的参数值 %r",
    "unexpected option string: %s": "意外的选项：%s",
}
TYPES = {"int": "整数", "float": "数字", "str": "文本"}


def translate(message: str) -> str:
    if message in ZH:
        return ZH[message]
    return TYPES.get(message, message)


def _nplural(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return gettext.ngettext(singular, plural, n)


@contextlib.contextmanager
def chinese():
    """argparse's own strings in Chinese for the duration (nested uses are fine)."""
    saved = argparse._, getattr(argparse, "ngettext", None)
    argparse._ = translate
    if saved[1] is not None:
        argparse.ngettext = _nplural
    try:
        yield
    finally:
        argparse._ = saved[0]
        if saved[1] is not None:
            argparse.ngettext = saved[1]


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Help laid out as written (the exit-code epilog keeps its lines)."""


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose every message, usage and help text is Chinese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        with chinese():
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with chinese():
            return super().add_subparsers(**kwargs)

    def add_argument(self, *args, **kwargs):
        with chinese():
            return super().add_argument(*args, **kwargs)

    def parse_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with chinese():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with chinese():
            return super().format_usage()

    def format_help(self) -> str:
        with chinese():
            text = super().format_help()
        return re.sub(r"(?m)^(\S[^\n]*):$", r"\1：", text)  # section titles: 选项：, not 选项:

    def error(self, message: str):
        with chinese():
            super().error(message)
