"""``python -m openai_kb.cli``: the same as the ``openai-kb`` command."""

import sys

from . import main

sys.exit(main())
