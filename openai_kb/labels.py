"""Short English labels for records: each model words its own (``label_template``); see ``models.wording``."""

from __future__ import annotations

from .models.wording import label

__all__ = ["label"]
