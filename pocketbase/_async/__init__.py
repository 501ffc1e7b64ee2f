from .client import AsyncPocketBase

__all__ = ["AsyncPocketBase"]
