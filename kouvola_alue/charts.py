"""
Bar charts drawn on the server as SVG, for any app: this module lays a chart out (where each
label, bar and number goes, in the units of the SVG's ``viewBox``); the template
``includes/bar_chart.html`` draws it with its title, description and the same numbers as a
table. No JavaScript and no library: the numbers are small and the shapes are rectangles.

The bars run across, each under its own label, so that long Finnish labels can wrap and the
chart stays readable on a 320 px phone, where the ``viewBox`` scales it down to the screen.
Every bar carries its number and a label: colour (and the pattern over it) is never the only
way to tell the bars apart.
"""

import textwrap
from dataclasses import dataclass, field

# The drawing's width in viewBox units; the page scales it to the column (at most ~28rem, so
# the labels stay near the text's size on a wide screen and are still legible on a phone).
WIDTH = 320
FONT = 13  # labels and numbers
HEADING_FONT = 14  # group headings, bold
LINE = 17  # one line of a label
HEADING_LINE = 20
BAR = 14  # a bar's thickness
ROW_GAP = 10
GROUP_GAP = 8
# A generous average width of a character (Finnish has many wide letters such as ä and ö):
# a label is wrapped by it before it could run past the edge.
CHAR = 0.6
# The distinct looks of series (colour and pattern) that the stylesheet defines: chart-s1 …
# chart-s6; chart-s0 is the neutral look of a bar that belongs to no one series.
STYLES = 6


@dataclass
class Series:
    key: str
    label: str
    style: int


@dataclass
class Segment:
    series: Series
    value: int
    x: float
    width: float


@dataclass
class TextLine:
    text: str
    y: float


@dataclass
class Row:
    label: str
    cells: list
    """The numbers of the row's table cells (one per column, see ``BarChart.columns``)."""
    total: int
    label_lines: list = field(default_factory=list)
    segments: list = field(default_factory=list)
    bar_y: float = 0
    total_x: float = 0
    total_y: float = 0


@dataclass
class Group:
    label: str
    rows: list
    heading_lines: list = field(default_factory=list)


@dataclass
class BarChart:
    chart_id: str
    title: str
    description: str
    row_label: str
    group_label: str
    columns: list
    """The headings of the table's number columns."""
    series: list
    groups: list
    stacked: bool
    width: int = WIDTH
    height: float = 0
    bar_height: int = BAR

    @property
    def title_id(self):
        return f"{self.chart_id}-title"

    @property
    def desc_id(self):
        return f"{self.chart_id}-desc"

    @property
    def has_group_labels(self):
        return any(group.label for group in self.groups)

    @property
    def is_empty(self):
        return not any(group.rows for group in self.groups)


def _wrap(text, font):
    chars = max(8, int(WIDTH / (font * CHAR)))
    return textwrap.wrap(str(text), chars, break_long_words=True) or [""]


def _layout(chart):
    """Place every heading, label, bar and number, top to bottom."""
    totals = [row.total for group in chart.groups for row in group.rows]
    largest = max(totals, default=0)
    # Room at the end of the longest bar for its number.
    number_room = (len(str(largest)) + 1) * FONT * CHAR + 4
    scale = (WIDTH - number_room) / largest if largest else 0
    y = 4.0
    for index, group in enumerate(chart.groups):
        if index:
            y += GROUP_GAP
        if group.label:
            for text in _wrap(group.label, HEADING_FONT):
                group.heading_lines.append(TextLine(text, y + HEADING_FONT))
                y += HEADING_LINE
        for row in group.rows:
            for text in _wrap(row.label, FONT):
                row.label_lines.append(TextLine(text, y + FONT))
                y += LINE
            row.bar_y = y
            x = 0.0
            for segment in row.segments:
                segment.x = round(x, 2)
                segment.width = round(segment.value * scale, 2)
                x += segment.width
            row.total_x = round(x + 4, 2)
            row.total_y = round(y + BAR / 2 + FONT * 0.35, 2)
            y += BAR + ROW_GAP
    chart.height = round(y, 2)
    return chart


def _series(keys_and_labels):
    """Each series its own look, in order; more series than looks reuse them from the start."""
    return [
        Series(key, label, (index % STYLES) + 1)
        for index, (key, label) in enumerate(keys_and_labels)
    ]


NEUTRAL = Series("", "", 0)


def grouped_bars(*, chart_id, title, description, groups, row_label, value_label, group_label=""):
    """
    Bars in groups, one number each: ``groups`` is a list of ``(heading, bars)``, each bar a
    ``(label, value, series_key)``. Bars of the same ``series_key`` look alike in every group
    (e.g. an area in every campaign); a key of ``None`` gets the neutral look.
    """
    keys = {}
    for _heading, bars in groups:
        for label, _value, key in bars:
            if key is not None and key not in keys:
                keys[key] = label
    series = _series(keys.items())
    by_key = {s.key: s for s in series}
    chart = BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        row_label=row_label,
        group_label=group_label,
        columns=[value_label],
        series=series,
        groups=[
            Group(
                heading,
                [
                    Row(
                        label,
                        [value],
                        value,
                        segments=[Segment(by_key.get(key, NEUTRAL), value, 0, 0)] if value else [],
                    )
                    for label, value, key in bars
                ],
            )
            for heading, bars in groups
        ],
        stacked=False,
    )
    return _layout(chart)


def stacked_bars(*, chart_id, title, description, rows, series, row_label, total_label):
    """
    One bar per row made of a part per series: ``rows`` is a list of ``(label, values)`` with
    ``values`` a dict from series key to number, ``series`` a list of ``(key, label)`` in the
    order the parts and the table's columns take.
    """
    series = _series(series)
    chart = BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        row_label=row_label,
        group_label="",
        columns=[s.label for s in series] + [total_label],
        series=series,
        groups=[
            Group(
                "",
                [
                    Row(
                        label,
                        [values.get(s.key, 0) for s in series] + [sum(values.values())],
                        sum(values.values()),
                        segments=[
                            Segment(s, values[s.key], 0, 0) for s in series if values.get(s.key)
                        ],
                    )
                    for label, values in rows
                ],
            )
        ],
        stacked=True,
    )
    return _layout(chart)
