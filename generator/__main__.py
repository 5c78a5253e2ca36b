"""``python -m generator``: the same as the ``publication`` command."""

import sys

from .cli import main

sys.exit(main())
