"""Messages about sizes: a text too long to store, a document too big to write.

Keys start with ``lim_``.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "lim_too_long": {
        "en": "at most {limit} characters fit here; this text has {length}",
        "lv": "šeit ietilpst ne vairāk kā {limit} rakstzīmes; šajā tekstā ir {length}",
    },
}
