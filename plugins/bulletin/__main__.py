"""`python -m bulletin …`: the same commands as `bulletin …`, for Windows and any shell without the script on PATH."""

import sys

from bulletin.cli import main

sys.exit(main())
