"""What the data round says: imports, control rules and checks."""

MESSAGES: dict[str, dict[str, str]] = {
    # control rules
    "numerator_exceeds": {
        "en": "the numerator of {indicator} exceeds its denominator",
        "lv": "rādītāja “{indicator}” skaitītājs pārsniedz saucēju",
    },
}
