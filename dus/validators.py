"""What text people may type into the portal: one line or several, without control
characters, and never longer than the field's purpose needs.

The rule lives on the model fields: every CharField has `validators=[single_line]`,
every TextField `validators=[multi_line]`, and each has a `max_length` (200 for
titles and names, 500 for short texts, 2000-4000 for descriptions and answers). So
every ModelForm of the portal, the admin and `full_clean` refuse the same input, with
the message next to the field. A form field that belongs to no model field declares
the same validator and a `max_length` itself (`StopForm`). tests/dus/test_text_input.py
walks every model text field and every such form field, so a new one cannot escape.

Why: a line break in a cluster's name breaks the header of every reminder e-mail for
that cluster, and a control character (an escape, a NUL) breaks exports and other
programs that read the portal's data. `one_line` is the same rule applied where text
is written out, as a second line of defence for what was stored before these checks.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Line breaks as Python (str.splitlines) and e-mail headers see them; the ones that are
# control characters are also refused by the control-character rule.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# Control characters (Unicode category Cc) a multi-line text may hold: tab and the
# line ends a browser sends for a textarea (\r\n).
MULTI_LINE_ALLOWED = frozenset("\t\n\r")

LINE_BREAK_MESSAGE = _("Write it on one line: line breaks are not allowed here.")
CONTROL_MESSAGE = _("Remove the invisible control characters (they often come with copied text).")


def _has_control_character(text: str, allowed: frozenset) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def single_line(value: str) -> None:
    """For titles, names, places: one line of text; a tab is allowed."""
    if any(c in LINE_BREAKS for c in value):
        raise ValidationError(LINE_BREAK_MESSAGE, code="line_break")
    if _has_control_character(value, frozenset("\t")):
        raise ValidationError(CONTROL_MESSAGE, code="control_character")


def multi_line(value: str) -> None:
    """For descriptions and answers: line breaks and tabs, but no other control characters."""
    if _has_control_character(value, MULTI_LINE_ALLOWED):
        raise ValidationError(CONTROL_MESSAGE, code="control_character")


def one_line(text: str) -> str:
    """The text on one line: every run of whitespace or line breaks becomes one space,
    control characters go. For e-mail subjects, where a line break is refused."""
    flat = " ".join(str(text).split())
    return "".join(c for c in flat if unicodedata.category(c) != "Cc")
