"""A floor on aiohttp's transport: raw ``HttpxAiohttpClient`` (httpx-aiohttp) + ``json.loads``."""

from __future__ import annotations

import httpx
from httpx_aiohttp import HttpxAiohttpClient

from .httpx_async import Contender as HttpxContender


class Contender(HttpxContender):
    def new_http(self) -> httpx.AsyncClient:
        return HttpxAiohttpClient(timeout=30.0, follow_redirects=True)
