"""Where a JSON body breaks and what is wrong there, in plain words rather than the json module's
own ("Expecting ',' delimiter: line 1 column 15 (char 14)"), for a refusal to say."""
from __future__ import annotations

import json

from plots.text import describe_character, quoted

# What the json module's message means, by its message, in words a person sending rows reads.
WHAT_IS_WRONG = {
    "Expecting value": "a value is expected: a number, text in double quotes, true, false, null, a list or an object",
    "Expecting ',' delimiter": "a comma is expected, or the end of the list (]) or object (})",
    "Expecting ':' delimiter": "a colon (:) is expected between a column's name and its value",
    "Expecting property name enclosed in double quotes": "a column's name in double quotes is expected",
    "Unterminated string starting at": "text begun with a double quote is never closed by another",
    "Invalid \\escape": "a backslash begins no escape JSON has: write a backslash itself as \\\\",
    "Invalid \\uXXXX escape": "\\u must be followed by four hexadecimal digits",
    "Extra data": "more follows the first JSON value",
}
# How many characters of the body, from where it breaks, a refusal quotes.
SHOWN = 20
# The characters JSON writes between values, which a refusal of a secret text quotes where it breaks.
BETWEEN_VALUES = "[]{},:\"'"


def json_error_words(error: json.JSONDecodeError, document: str = "body", names: str = "a column's name",
                     secret: bool = False) -> str:
    """Where the JSON `error` was raised for breaks (line and column, and what the text reads there)
    and what is wrong: "line 1, column 7, where it reads '1}]': a colon (:) is expected …".

    `document` is what the text is, as its end is named ("the end of the body"), and `names` what an
    object's names are. Where the text is `secret` (a setting of write tokens, whose line goes to
    logs), of what it reads there only a character JSON writes between values is quoted, never a
    token's: "where it reads ']'", or "where it reads a character not shown"."""
    found = error.doc[error.pos:error.pos + 1]
    what = WHAT_IS_WRONG.get(error.msg, error.msg).replace("a column's name", names)
    if error.msg == "Invalid control character at":
        what = (f"text in double quotes holds {describe_character(found)} as it is; "
                "JSON writes a tab as \\t and a line break as \\n")
    elif found == "'" and error.msg.startswith("Expecting"):
        what += " (JSON writes names and text in double quotes, not single ones)"
    elif found in ("}", "]") and error.msg in ("Expecting value", "Expecting property name enclosed in double quotes"):
        what += f" (JSON takes no comma before a closing {found})"
    return f"line {error.lineno}, column {error.colno}, {_there(error, document, secret)}: {what}"


def _there(error: json.JSONDecodeError, document: str, secret: bool) -> str:
    """What the text reads from where it breaks to the end of that line, cut to SHOWN characters (of
    a `secret` one, the character there where it is one JSON writes between values), or that it ends there."""
    rest = error.doc[error.pos:]
    if not rest.strip():
        return f"the end of the {document}"
    line = rest.split("\n", 1)[0].rstrip("\r")
    if not line.strip():
        return "the end of the line"
    if secret:
        return (f"where it reads {quoted(line[0])}" if line[0] in BETWEEN_VALUES
                else "where it reads a character not shown")
    return f"where it reads {quoted(line if len(line) <= SHOWN else line[:SHOWN] + '…')}"
