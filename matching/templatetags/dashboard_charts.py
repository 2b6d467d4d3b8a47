"""The geometry of the dashboard's SVG charts: bars in a fixed viewBox that the page scales to its width."""

from __future__ import annotations

import datetime

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

WIDTH = 320
HEIGHT = 120


def _scale(values, maximum):
    top = max([maximum or 0, *(value or 0 for value in values)])
    return top if top > 0 else 1


@register.simple_tag
def columns(values, overlay=None, maximum=None, width=WIDTH, height=HEIGHT):
    """Vertical bars for `values` (and a narrower bar for each `overlay` value inside its column), with
    x, y, w, h and the centre cx for a label; `height` is the plot's, the labels go below it."""
    values = list(values)
    overlay = list(overlay) if overlay is not None else None
    top = _scale(values + (overlay or []), maximum)
    step = width / max(len(values), 1)
    bars = []
    for index, value in enumerate(values):
        h = (value or 0) / top * height
        bar = {"x": round(index * step + step * 0.12, 2), "w": round(step * 0.76, 2), "y": round(height - h, 2)}
        bar.update(h=round(h, 2), cx=round(index * step + step / 2, 2), value=value, index=index)
        if overlay is not None:
            oh = (overlay[index] or 0) / top * height
            bar.update(ox=round(index * step + step * 0.3, 2), ow=round(step * 0.4, 2))
            bar.update(oy=round(height - oh, 2), oh=round(oh, 2))
        bars.append(bar)
    return {"bars": bars, "width": width, "height": height, "top": top}


@register.simple_tag
def rows(values, maximum=None, width=WIDTH, label_width=110, row_height=26):
    """Horizontal bars for `values`, one row each, after a label column of `label_width`."""
    values = list(values)
    top = _scale(values, maximum)
    span = width - label_width - 50
    bars = []
    for index, value in enumerate(values):
        w = (value or 0) / top * span
        bars.append(
            {
                "x": label_width,
                "y": index * row_height + 4,
                "w": round(w, 2),
                "h": row_height - 8,
                "ty": index * row_height + row_height / 2 + 4,
                "tx": round(label_width + w + 4, 2),
                "value": value,
            }
        )
    return {"bars": bars, "width": width, "height": len(values) * row_height, "label_width": label_width}


@register.filter
def pluck(items, name: str) -> list:
    """The `name` attribute of each item."""
    if isinstance(name, int):
        return [item[name] for item in items]
    return [getattr(item, name) for item in items]


@register.filter
def percent(value) -> str:
    """A share in [0, 1] as a whole percentage, in the page's language; empty for None."""
    if value is None:
        return "—"
    return _("%(percent)s%%") % {"percent": number_format(round(value * 100))}


@register.filter
def decimal1(value) -> str:
    """A count that may hold halves (partially available consultants), with one decimal when needed."""
    value = round(value or 0, 1)
    return number_format(value, 0 if value == int(value) else 1)


@register.filter
def zip_with(first, second) -> list:
    return list(zip(first, second, strict=False))


@register.filter
def share_of(part, whole) -> str:
    """`part` ÷ `whole` as a percentage ("—" when `whole` is 0)."""
    return percent(part / whole if whole else None)


@register.filter
def add_days(day, days):
    return day + datetime.timedelta(days=int(days))
