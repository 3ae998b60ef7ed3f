"""Why a setting's environment text that starts as JSON does (`[` or `{`) is none, which Flask then
keeps as the text itself, in the plain words of a refused JSON body, for the refusal of the setting to
say where it breaks, or start-up to warn of it where no check covers the setting; and, for a setting
of folders, the folders such a list without its quotes meant."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from plots.spec import listed
from plots.text import listed_value

from .config import TEXT_SETTINGS
from .store.json_errors import json_error_words


def broken_json_words(setting: str, text: str | None, value: object) -> str:
    """What the refusal of `setting`, whose value is `value`, adds where that is the text of its
    SVGPLOTS_ variable (`text`) kept as written because it starts as JSON does but is none:
    "; SVGPLOTS_TRUSTED_HOSTS starts with [ but is no JSON (line 1, column 14, where it reads …: a
    comma is expected …), so it was read as the text itself". Empty otherwise: a value given in code,
    a setting read as text in any case (TEXT_SETTINGS), or JSON that parses."""
    broken = _no_json(setting, text, value)
    return f"; {broken}, so it was read as the text itself" if broken else ""


def kept_as_text(texts: Mapping[str, str], settings: Mapping[str, object], checked: Iterable[str]) -> list[str]:
    """A sentence for each setting of `settings` that no check of the start covers (not of `checked`:
    Flask's own SESSION_COOKIE_NAME, say) whose SVGPLOTS_ variable's text (of `texts`, by setting)
    starts as JSON does but is none, and is kept as the text itself, which no refusal would say:
    "SVGPLOTS_SESSION_COOKIE_NAME starts with { but is no JSON (…), so SESSION_COOKIE_NAME was taken
    as the text itself, '{"a": 1,'"."""
    skipped = set(checked)
    sentences = []
    for name, text in sorted(texts.items()):
        broken = _no_json(name, text, settings[name]) if name in settings and name not in skipped else ""
        if broken:
            sentences.append(f"{broken}, so {name} was taken as the text itself, {listed_value(text)}")
    return sentences


def _no_json(setting: str, text: str | None, value: object) -> str:
    """"SVGPLOTS_<setting> starts with [ but is no JSON (where and why)" where `value` is the text of
    its variable (`text`) kept as written because it starts as JSON does but is none; empty otherwise."""
    if setting in TEXT_SETTINGS or text is None or value != text or not text.lstrip().startswith(("[", "{")):
        return ""
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        opening = text.lstrip()[0]
        return f"SVGPLOTS_{setting} starts with {opening} but is no JSON ({json_error_words(error, 'setting', 'a name')})"
    return ""


def unquoted_list(text: str) -> list[str] | None:
    """The items of a list written as JSON writes one but without its quotes, `[drafts, /srv/boards]`
    (quotes of either kind around an item taken off); None for other text or an item left blank."""
    written = text.strip()
    if not (written.startswith("[") and written.endswith("]")):
        return None
    items = [item.strip().strip("'\"").strip() for item in written[1:-1].split(",")]
    return items if all(items) else None


def folders_meant_words(setting: str, text: str | None, value: object) -> str:
    """What the refusal of `setting`, a folder or a list of folders whose SVGPLOTS_ variable's text
    (`text`) is no JSON (`broken_json_words`), adds of the list it looks like, `[drafts]`: whether
    the folders it names are there, "; read as the list ["drafts"] it looks like, it names 'drafts',
    which is no folder either", or how to write them where they are. Empty for any other value."""
    items = unquoted_list(text) if broken_json_words(setting, text, value) else None
    if items is None:
        return ""
    as_json = json.dumps(items, ensure_ascii=False)
    missing = [item for item in items if not Path(item).is_dir()]
    if missing:
        names = listed([listed_value(item) for item in missing])
        return (f"; read as the list {as_json} it looks like, it names {names}, which "
                f"{'is no folder' if len(missing) == 1 else 'are no folders'} either")
    alone = f", or the folder alone, {items[0]}" if len(items) == 1 else ""
    there = "is a folder" if len(items) == 1 else "are folders"
    return (f"; {listed([listed_value(item) for item in items])} {there}: write the list as JSON, {as_json}"
            f"{alone}")
