"""This repository's ``AsyncPocketBase`` on aiohttp's transport (``pocketbase[aiohttp]``)."""

from __future__ import annotations

from pocketbase import AsyncPocketBase
from pocketbase.aiohttp import aiohttp_client

from .ours_async import Contender as OursAsync


class Contender(OursAsync):
    def new_client(self, url: str) -> AsyncPocketBase:
        return AsyncPocketBase(url, http_client=aiohttp_client)
