"""``python -m pocketbase.typegen``: the ``pocketbase-typegen`` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
