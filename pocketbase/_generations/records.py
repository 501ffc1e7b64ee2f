"""Record bodies on each generation: what an upload to a multi-file field means."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._common import holds_files

__all__ = ["RecordRoutes", "RecordRoutes23"]


class RecordRoutes:
    """0.7-0.22: files uploaded on update are added to a multi-file field's files."""

    def seed_update_body(self, body: Mapping[str, Any]) -> dict[str, Any]:
        """A seed ``records.update``/``users.update`` body: uploads append, as on 0.7."""
        return dict(body)


class RecordRoutes23(RecordRoutes):
    """0.23+ replaces a file field's files with the uploaded ones; ``field+`` adds them."""

    def seed_update_body(self, body: Mapping[str, Any]) -> dict[str, Any]:
        # `field+` still replaces the file of a single-file field, the older behaviour too
        out: dict[str, Any] = {}
        for key, value in body.items():
            if holds_files(value) and not key.endswith(("+", "-")) and f"{key}+" not in body:
                key = f"{key}+"
            out[key] = value
        return out
