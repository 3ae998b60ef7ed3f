"""Why a setting's environment text that starts as JSON does (`[` or `{`) is none, which Flask then
keeps as the text itself, in the plain words of a refused JSON body, for the refusal of the setting to
say where it breaks."""
from __future__ import annotations

import json

from .config import TEXT_SETTINGS
from .store.json_errors import json_error_words


def broken_json_words(setting: str, text: str | None, value: object) -> str:
    """What the refusal of `setting`, whose value is `value`, adds where that is the text of its
    SVGPLOTS_ variable (`text`) kept as written because it starts as JSON does but is none:
    "; SVGPLOTS_TRUSTED_HOSTS starts with [ but is no JSON (line 1, column 14, where it reads …: a
    comma is expected …), so it was read as the text itself". Empty otherwise: a value given in code,
    a setting read as text in any case (TEXT_SETTINGS), or JSON that parses."""
    if setting in TEXT_SETTINGS or text is None or value != text or not text.lstrip().startswith(("[", "{")):
        return ""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        opening = text.lstrip()[0]
        return (f"; SVGPLOTS_{setting} starts with {opening} but is no JSON "
                f"({json_error_words(error, 'setting', 'a name')}), so it was read as the text itself")
    return ""
