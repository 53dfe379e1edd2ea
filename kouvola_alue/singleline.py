"""
Text that must stay on one line: titles that end up in a mail's subject, a calendar's SUMMARY
or a feed's title. ``one_line`` is the one way to make such text single-line (every mail's
subject goes through it, ``kouvola_alue.mailqueue.subject_line``); ``validate_single_line``
refuses a line break where a model field must hold one line.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# What str.splitlines() breaks at: each of them would break a mail header.
_LINE_BREAK = re.compile(r"[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def one_line(text):
    """``text`` with every run of white space, line breaks included, made one space."""
    return " ".join(str(text).split())


def validate_single_line(value):
    if _LINE_BREAK.search(value or ""):
        raise ValidationError(_("Write this on one line."), code="multiline")
