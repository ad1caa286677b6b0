# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one model-side translator of the pure rules' messages.

The engines in ``tools/`` speak English templates with named parameters
(``tools/errors.py``); this module renders them in the reader's language, with
dates in the reader's format and engine input names replaced by the labels of
the fields the user typed them in.
"""

from contextlib import contextmanager
from datetime import date

import babel.dates

from odoo.exceptions import ValidationError
from odoo.tools.misc import (
    babel_locale_parse,
    format_date,
    format_datetime,
    get_lang,
    posix_to_ldml,
)

from ..tools.errors import RuleInputError


def format_rule_params(env, params, labels=None):
    """``params`` ready for the reader: dates formatted, ``field`` names labelled.

    ``labels`` maps an engine input name to the ``(model, field)`` whose label the
    user knows. Dates may come JSON-encoded as ``{"date": "YYYY-MM-DD"}``.
    """
    formatted = {}
    for name, value in (params or {}).items():
        if isinstance(value, dict) and "date" in value:
            value = date.fromisoformat(value["date"])
        if isinstance(value, date):
            value = format_date(env, value)
        elif name == "field" and labels and value in labels:
            model, field_name = labels[value]
            value = env[model]._fields[field_name]._description_string(env)
        formatted[name] = value
    return formatted


def rule_message(env, template, params=None, labels=None):
    """``template % params`` in the reader's language (R-X-1)."""
    # The templates are marked with _lt in tools/ and exported from there.
    return env._(template, **format_rule_params(env, params, labels))  # pylint: disable=translation-not-lazy


def format_month(env, day):
    """The month of ``day`` as the reader writes it: 2026年12月, Dec 2026 (R-X-1).
    A month is never printed as ``%Y-%m`` nor in babel's default (``12 2026``)."""
    if not day:
        return ""
    locale = babel_locale_parse(get_lang(env).code)
    return babel.dates.format_skeleton("yMMM", day, locale=locale)


def format_moment(env, value, tz=None):
    """A date and time as the reader writes them, in the language's own date and
    short time formats (2026年12月07日 09时30分), in the time zone ``tz`` (the
    company's), else the reader's; never a raw timestamp with an offset."""
    if not value:
        return ""
    lang = get_lang(env)
    locale = babel_locale_parse(lang.code)
    date_part = posix_to_ldml(lang.date_format, locale=locale)
    time_part = posix_to_ldml(lang.short_time_format, locale=locale)
    pattern = f"{date_part} {time_part}"
    return format_datetime(env, value, tz=tz or False, dt_format=pattern)


@contextmanager
def rule_errors_as_validation(env, labels=None, prefix=None):
    """Turn an engine's :class:`RuleInputError` into a translated
    ``ValidationError``; ``prefix(message)`` may wrap the message in context."""
    try:
        yield
    except RuleInputError as error:
        message = rule_message(env, error.template, error.params, labels)
        raise ValidationError(prefix(message) if prefix else message) from error
