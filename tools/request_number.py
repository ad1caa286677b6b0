# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# pylint: disable=prefer-env-translation
# (a pure module has no env: _lt only marks messages; the models translate them)
"""Service request numbers (R-IN-2).

The number pattern is company configuration; the seeded one is department code + year
+ month + sequence, e.g. ``SH-2611-0001``. A pattern is a ``str.format`` template over
the placeholders below; anything else in it is kept literally.
"""

from datetime import date

from .errors import RuleInputError, _lt

DEFAULT_PATTERN = "{dept}-{yy}{mm}-{seq}"
PLACEHOLDERS = ("dept", "yyyy", "yy", "mm", "dd", "seq")


class PatternError(RuleInputError):
    """A pattern that cannot produce numbers."""

    def __init__(self, template, params):
        super().__init__(template, **params)


def check_pattern(pattern):
    """Raise :class:`PatternError` unless ``pattern`` is usable.

    A usable pattern names only known placeholders and contains ``{seq}`` exactly
    once, so two requests of one period can never get the same number.
    """
    import string

    try:
        fields = [
            f for _, f, _, _ in string.Formatter().parse(pattern) if f is not None
        ]
    except ValueError as exc:
        raise PatternError(
            _lt("The request number pattern %(pattern)s is malformed: %(error)s"),
            {"pattern": pattern, "error": str(exc)},
        ) from exc
    unknown = sorted(set(fields) - set(PLACEHOLDERS))
    if unknown:
        raise PatternError(
            _lt(
                "The request number pattern %(pattern)s uses unknown placeholders "
                "%(unknown)s; allowed are %(allowed)s."
            ),
            {
                "pattern": pattern,
                "unknown": ", ".join(unknown),
                "allowed": ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
            },
        )
    if fields.count("seq") != 1:
        raise PatternError(
            _lt("The request number pattern %(pattern)s must contain {seq} once."),
            {"pattern": pattern},
        )


def format_number(pattern, dept, day, seq, padding=4):
    """The request number for sequence value ``seq`` registered on ``day``.

    >>> format_number("{dept}-{yy}{mm}-{seq}", "SH", date(2026, 11, 3), 1)
    'SH-2611-0001'
    """
    check_pattern(pattern)
    if seq < 1:
        raise PatternError(
            _lt("A sequence number must be positive, got %(seq)s."), {"seq": seq}
        )
    return pattern.format(
        dept=dept or "",
        yyyy=f"{day.year:04d}",
        yy=f"{day.year % 100:02d}",
        mm=f"{day.month:02d}",
        dd=f"{day.day:02d}",
        seq=f"{seq:0{padding}d}",
    )


def period_of(pattern, day):
    """The first and last day of the period whose numbers share one counter.

    The counter restarts when the date part of the number changes: every day if the
    pattern shows ``{dd}``, every month with ``{mm}``, every year with only a year,
    never without a date part (the whole range is then one period).
    """
    check_pattern(pattern)
    if "{dd}" in pattern:
        return day, day
    if "{mm}" in pattern:
        first = day.replace(day=1)
        nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return first, date.fromordinal(nxt.toordinal() - 1)
    if "{yy}" in pattern or "{yyyy}" in pattern:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return date(1900, 1, 1), date(9999, 12, 31)
