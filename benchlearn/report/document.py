"""What every PDF report shares: the font, the styles, the page frame, tables and images.

The reports are drawn with reportlab, which is pure Python and a dependency,
so ``pip install .`` is all a machine needs. The base-14 PDF fonts cannot
print ā, č, ē, ģ, ī, ķ, ļ, ņ, š, ū or ž, so DejaVu Sans is embedded, taken from
matplotlib's own fonts (matplotlib is a dependency too, and draws the charts
in the same face). Every page carries the network and year at the top and
"page N of M" at the bottom; M is known only at the end, so the pages are
kept until the document is saved (:func:`numbered_canvas`). Files are written
with ``invariant=1``, so the same data give the same bytes.

Text from data and definitions goes through :func:`escape` before it becomes a
``Paragraph``, whose markup would otherwise read ``<`` and ``&``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from benchlearn.errors import BenchlearnError
from benchlearn.messages import percent, t
from benchlearn.outputs import whole_file
from benchlearn.views import is_missing

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

FONT = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
HEADER = "#1F4E78"
GREY = "#D9D9D9"
RULE = "#BFBFBF"
#: Images are drawn at this resolution: sharp on paper, a few hundred kB a chart.
DPI = 200
CM = 28.3465  # points in a centimetre


@dataclass(frozen=True)
class ReportSummary:
    """What was written: the file and its number of pages."""

    path: Path
    pages: int


def register_fonts() -> None:
    """DejaVu Sans, regular and bold, from matplotlib's fonts (once per process)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, BOLD)
    addMapping(FONT, 0, 1, FONT)
    addMapping(FONT, 1, 1, BOLD)


def escape(text: object) -> str:
    """Text for a Paragraph: ``&``, ``<`` and ``>`` as entities, so data is never markup."""
    return xml_escape("" if is_missing(text) else str(text))


class Styles:
    """The paragraph styles of every report, in DejaVu Sans."""

    def __init__(self) -> None:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        register_fonts()
        base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=4)
        self.body = base
        self.title = ParagraphStyle(
            "title",
            parent=base,
            fontName=BOLD,
            fontSize=20,
            leading=25,
            textColor=colors.HexColor(HEADER),
            spaceAfter=10,
        )
        self.heading = ParagraphStyle(
            "heading",
            parent=base,
            fontName=BOLD,
            fontSize=14,
            leading=18,
            textColor=colors.HexColor(HEADER),
            spaceBefore=4,
            spaceAfter=6,
        )
        self.subheading = ParagraphStyle(
            "subheading",
            parent=base,
            fontName=BOLD,
            fontSize=10.5,
            leading=14,
            textColor=colors.HexColor(HEADER),
            spaceBefore=6,
            spaceAfter=3,
        )
        self.small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, spaceAfter=2)
        self.note = ParagraphStyle("note", parent=self.small, textColor=colors.HexColor("#404040"))
        self.cell = ParagraphStyle("cell", parent=base, fontSize=8, leading=9.5, spaceAfter=0)
        self.cell_right = ParagraphStyle("cell_right", parent=self.cell, alignment=2)
        self.cell_centre = ParagraphStyle("cell_centre", parent=self.cell, alignment=1)
        self.cell_bold = ParagraphStyle("cell_bold", parent=self.cell, fontName=BOLD)
        self.head = ParagraphStyle("head", parent=self.cell, fontName=BOLD, textColor=colors.white)
        #: Codes beside names, in small grey type.
        self.code = ParagraphStyle(
            "code", parent=self.cell, fontSize=6.5, leading=8, textColor=colors.HexColor("#595959")
        )

    def change(self, colour: str) -> Any:
        """A right-aligned cell style in ``colour``: a change's arrow (one style per colour)."""
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle

        return ParagraphStyle(f"change_{colour}", parent=self.cell_right,
                              textColor=colors.HexColor(colour))  # fmt: skip

    def p(self, text: str, style: Any = None) -> Any:
        """A paragraph of plain text (escaped)."""
        from reportlab.platypus import Paragraph

        return Paragraph(escape(text), style or self.body)

    def named(self, name: str, code: str, style: Any = None) -> Any:
        """A name with its code beside it in small type."""
        from reportlab.platypus import Paragraph

        small = f' <font size="6.5" color="#595959">{escape(code)}</font>' if code else ""
        return Paragraph(escape(name) + small, style or self.cell)


def fitted(text: str, size: float, width: float) -> str:
    """``text`` in :data:`FONT` at ``size`` shortened with an ellipsis to ``width`` points: a
    line drawn on the canvas (the running header) is not wrapped, so a long member's name
    would run off the page."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, FONT, size) <= width:
        return text
    low, high = 0, len(text)  # the longest start that fits with its ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + "…", FONT, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def numbered_canvas(header: str, footer: Callable[[int, int], str]) -> type:
    """A canvas class that writes ``header`` on top of every page and ``footer(page, pages)``
    at the bottom, once the number of pages is known."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self.pages)
            for state in self.pages:
                self.__dict__.update(state)
                self.frame(total)
                Canvas.showPage(self)
            Canvas.save(self)

        def frame(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setFont(FONT, 7.5)
            self.setFillColorRGB(0.35, 0.35, 0.35)
            self.drawString(1.5 * CM, height - 1.0 * CM, fitted(header, 7.5, width - 3 * CM))
            self.drawRightString(width - 1.5 * CM, 0.8 * CM, footer(self._pageNumber, total))
            self.setStrokeColorRGB(0.75, 0.75, 0.75)
            self.setLineWidth(0.4)
            self.line(1.5 * CM, height - 1.15 * CM, width - 1.5 * CM, height - 1.15 * CM)
            self.restoreState()

    return NumberedCanvas


def build(
    out: str | Path,
    story: Sequence[Flowable],
    *,
    title: str,
    header: str,
    lang: str,
    first: str = "portrait",
    progress: Callable[[int, int], None] | None = None,
    contents: bool = False,
) -> ReportSummary:
    """Lay ``story`` out on A4 pages, portrait and landscape templates (``first`` to start),
    with the header and "page N of M"; write the PDF and count its pages.

    With ``contents`` the story may hold a :func:`contents_table`, which lists the
    :func:`chapter` headings with their pages; laying out twice or more finds the pages.

    ``progress`` is told (parts laid out, parts in all) as reportlab places the story's
    flowables (paragraphs, tables, charts), so a caller can show a bar.
    """
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Frame, PageTemplate

    path = Path(out)
    if path.suffix.lower() != ".pdf":
        raise BenchlearnError.of("rp_not_pdf", {"path": str(path)})
    margin = 1.5 * CM
    templates = []
    for name, size in (("portrait", A4), ("landscape", landscape(A4))):
        frame = Frame(
            margin,
            margin,
            size[0] - 2 * margin,
            size[1] - 2 * margin - 0.3 * CM,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        templates.append(PageTemplate(id=name, frames=[frame], pagesize=size))
    if first == "landscape":
        templates.reverse()
    with whole_file(path) as partial:
        pages = _build(story, partial, templates, title, lang, header, contents, progress)
    return ReportSummary(path, pages)


def _build(
    story: Sequence[Any],
    partial: Path,
    templates: list[Any],
    title: str,
    lang: str,
    header: str,
    contents: bool,
    progress: Callable[[int, int], None] | None,
) -> int:
    """Lay the story out into ``partial`` (the temporary the PDF is moved from when whole);
    the number of pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import BaseDocTemplate

    doc = (_with_contents() if contents else BaseDocTemplate)(
        str(partial),
        pagesize=A4,
        pageTemplates=templates,
        title=title,
        author="benchlearn",
        creator="benchlearn",
        invariant=1,
        lang=lang,
    )
    counted: list[int] = []

    def footer(page: int, pages: int) -> str:
        counted[:] = [pages]
        return t("rp_page", lang, page=page, pages=pages)

    flowables = list(story)
    told = _Layout(len(flowables), progress)
    if progress is not None:
        told(0)
        doc.setProgressCallBack(told.reportlab)
    if contents:
        doc.multiBuild(flowables, canvasmaker=numbered_canvas(header, footer))
    else:
        doc.build(flowables, canvasmaker=numbered_canvas(header, footer))
    told(len(flowables))
    return counted[0] if counted else 0


def chapter(text: str, styles: Styles) -> Any:
    """A heading that the contents lists (in a document built with ``contents``)."""
    from reportlab.platypus import Paragraph

    heading = Paragraph(escape(text), styles.heading)
    heading.in_contents = True
    return heading


def contents_table(styles: Styles) -> Any:
    """The contents: each :func:`chapter` with its page, dotted across."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.tableofcontents import TableOfContents

    found = TableOfContents(dotsMinLevel=0)
    found.levelStyles = [
        ParagraphStyle("contents", parent=styles.body, fontSize=11, leading=18, spaceAfter=2)
    ]
    return found


def _with_contents() -> type:
    from reportlab.platypus import BaseDocTemplate

    class WithContents(BaseDocTemplate):
        """Tells the contents each chapter heading and the page it lands on."""

        def afterFlowable(self, flowable: Any) -> None:
            if getattr(flowable, "in_contents", False):
                self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))

    return WithContents


class _Layout:
    """Layout progress passed on as (done, total), each count once and never going back
    nor past the total: reportlab also counts the parts of flowables it splits."""

    def __init__(self, total: int, progress: Callable[[int, int], None] | None) -> None:
        self.total, self.progress, self.done = total, progress, -1

    def __call__(self, done: int) -> None:
        done = min(done, self.total)
        if self.progress is not None and done > self.done:
            self.done = done
            self.progress(done, self.total)

    def reportlab(self, kind: str, value: int) -> None:
        """reportlab's progress callback: ``PROGRESS`` carries the flowables laid out."""
        if kind == "PROGRESS":
            self(int(value))


def frame_width(orientation: str = "portrait") -> float:
    """The width of the text frame in points."""
    return (29.7 if orientation == "landscape" else 21.0) * CM - 3.0 * CM


def frame_height(orientation: str = "portrait") -> float:
    """The height of the text frame in points."""
    return (21.0 if orientation == "landscape" else 29.7) * CM - 3.3 * CM


def image(figure: Any, width: float) -> Any:
    """A matplotlib figure as a PNG image ``width`` points wide, its proportions kept."""
    from reportlab.platypus import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    buffer.seek(0)
    w, h = figure.get_size_inches()
    return Image(buffer, width=width, height=width * h / w)


def table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    styles: Sequence[tuple[Any, ...]] = (),
    header: bool = True,
) -> Any:
    """A table whose first row (the header, dark with white text) repeats on every page."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor(RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER)))
    found = Table(list(rows), colWidths=list(widths), repeatRows=1 if header else 0)
    found.setStyle(TableStyle(commands + list(styles)))
    return found


def share_text(part: int, whole: int, lang: str) -> str:
    """``part`` of ``whole`` as a whole percentage (empty when ``whole`` is 0)."""
    return percent(100.0 * part / whole, lang, 0) if whole else ""
