"""Messages of the official-statistics readers: PC-Axis, JSON-stat and PxWeb CSV files."""

MESSAGES: dict[str, dict[str, str]] = {}
