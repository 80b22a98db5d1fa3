"""What the command line prints for people: table headers, summaries, values in tables."""

MESSAGES: dict[str, dict[str, str]] = {}
