"""Labels and sentences of the PDF reports: the meeting pack, a municipality's report and the
NVPT annual report."""

MESSAGES: dict[str, dict[str, str]] = {}
