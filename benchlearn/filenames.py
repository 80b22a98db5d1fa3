"""File names for outputs written one per member or indicator: safe on every system, and
never two the same.

``forms make`` writes a form per municipality, ``site`` a page per member and per
indicator; their names come from codes and names that users typed. A name must
open on Windows, macOS and Linux alike, so :func:`file_names` makes each one

* hold no character a file system refuses (``/ \\ : * ? " < > |``, control
  characters) and not end in a dot or a space;
* not be a name Windows reserves for a device (``CON``, ``PRN``, ``AUX``,
  ``NUL``, ``COM1``–``COM9``, ``LPT1``–``LPT9``, with any extension: ``con.html``);
* fit in :data:`NAME_BYTES` bytes of UTF-8;
* differ from every other name of the set even where case and Unicode
  normalisation do not count (``a1.html`` and ``A1.html`` are one file on
  Windows and macOS).

Where a name had to change for one of these reasons, a short hash of the item's
identity (its code) is added, as the site has always done for codes that are
not safe: two codes then never share a file, and a code keeps its file name
whatever other codes come and go. Only names that would meet another one
take a hash for that reason alone, so ordinary codes keep plain names
(``LV-016.html``). Everything is decided before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping

#: What ext4, APFS and NTFS allow for one name.
MAX_NAME_BYTES = 255
#: What benchlearn uses of it: the rest is room for a writer's temporary name beside the
#: target (``.name.xlsx.tmp-…``) and for the files a page puts beside itself.
NAME_BYTES = 200

#: Windows' device names, refused as a file's name with any extension and in any case.
RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL"]
    + [f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)

#: Characters no file name may hold on some system (control characters included).
_UNSAFE = r'\x00-\x1f\x7f/\\:*?"<>|'
#: A run of spaces and unsafe characters, with the hyphens beside it: one hyphen in a name.
_TEXT_RUN = re.compile(rf"[-\s{_UNSAFE}]*[\s{_UNSAFE}][-\s{_UNSAFE}]*")
#: A code that holds one of these loses it in a name of letters of every language.
_TEXT_LOSES = re.compile(rf"[\s{_UNSAFE}]")
#: The site's names: letters and digits of ASCII, ``_`` and ``-`` (safe in every URL too).
_NOT_ASCII_WORD = re.compile(r"[^A-Za-z0-9_-]")
#: Hash lengths tried, in hex digits, while two names of a set are still the same.
_WIDTHS = (8, 16, 40)


def digest(identity: str, width: int = 8) -> str:
    """A short hash of an item's identity: the first ``width`` hex digits of its SHA-1, the
    site's scheme for page names since its first version (kept, so links stay put)."""
    return hashlib.sha1(identity.encode("utf-8")).hexdigest()[:width]


def file_names(
    wanted: Mapping[str, str], suffix: str, *, ascii_only: bool = False
) -> dict[str, str]:
    """Safe file names, unique under case folding, for items keyed by identity.

    ``wanted`` maps each item's identity (a municipality's or an indicator's code)
    to the name it would like, without ``suffix`` (``".xlsx"``); the name may hold
    more than the identity (a form's network, year and municipality name). With
    ``ascii_only`` (pages of a site, which are URLs too) every character but ASCII
    letters, digits, ``_`` and ``-`` becomes ``_``; otherwise letters of every
    language are kept and a run of spaces or unsafe characters becomes one
    ``-``. A hash of the identity is added when the identity itself lost a
    character, when the name is a reserved one, when it had to be shortened, and
    when it would meet another name of the set. Returns each identity's name with
    ``suffix``.
    """
    names = {code: _safe(code, stem, suffix, ascii_only, None) for code, stem in wanted.items()}
    # Every round hashes the names that still meet, at the next width; distinct
    # identities have distinct SHA-1 hashes, so the last width ends every meeting (a
    # name may meet a hashed one once more, and is hashed itself in the next round).
    for width in (*_WIDTHS, _WIDTHS[-1]):
        meeting = _meeting(names)
        if not meeting:
            break
        for code in meeting:
            names[code] = _safe(code, wanted[code], suffix, ascii_only, width)
    return names


def _safe(code: str, stem: str, suffix: str, ascii_only: bool, width: int | None) -> str:
    """One name: cleaned, hashed when it must be (``width``: hash at least this wide)."""
    if ascii_only:
        clean, lost = _NOT_ASCII_WORD.sub("_", stem), _NOT_ASCII_WORD.search(code) is not None
    else:
        clean = _TEXT_RUN.sub("-", stem.strip()).strip(" .-")
        lost = _TEXT_LOSES.search(code) is not None
    room = NAME_BYTES - len(suffix.encode("utf-8"))
    reserved = clean.partition(".")[0].rstrip(" ").upper() in RESERVED
    if width is None and (lost or reserved or not clean or not code):
        width = _WIDTHS[0]
    if width is None and len(clean.encode("utf-8")) > room:
        width = _WIDTHS[0]
    if width is None:
        return clean + suffix
    tail = "-" + digest(code, width)
    if reserved:  # the hash goes before the first dot, where Windows reads the device name
        head, dot, rest = clean.partition(".")
        clean = f"{head}{tail}{dot}{rest}"
        tail = ""
    return _cut(clean, room - len(tail)) + tail + suffix


def _cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` bytes of UTF-8, cut between characters, without a dot
    or a space at its end."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore").rstrip(" .-")


def _meeting(names: Mapping[str, str]) -> list[str]:
    """The identities whose names are one file where case and normalisation do not count."""
    seen: dict[str, list[str]] = {}
    for code, name in names.items():
        seen.setdefault(unicodedata.normalize("NFC", name).casefold(), []).append(code)
    return [code for codes in seen.values() if len(codes) > 1 for code in codes]


__all__ = ["MAX_NAME_BYTES", "NAME_BYTES", "RESERVED", "digest", "file_names"]
