# Copyright 2026 after_sales_service developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

"""Make the addon's ``tools`` package importable as a top-level package.

The pure tests run with plain pytest and no Odoo: importing ``after_sales_service``
would import its models, so the tests import ``tools`` directly from the checkout.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
