# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one error base and the one translation marker of the pure rules.

Every engine in ``tools/`` raises :class:`RuleInputError` (or a subclass naming
the engine) with an English template marked by :func:`_lt` and named
parameters; the model layer translates it in the reader's language
(``models/rule_errors.py``), so no engine imports Odoo.
"""


def _lt(message):
    """Mark ``message`` for translation; the model layer translates it."""
    return message


class RuleInputError(ValueError):
    """Invalid input of a rule; ``template % params`` is the English message."""

    def __init__(self, template, **params):
        self.template = template
        self.params = params
        super().__init__(template % params if params else template)
