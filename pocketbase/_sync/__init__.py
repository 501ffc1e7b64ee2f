# Generated from pocketbase/_async/__init__.py by scripts/unasync.py. Do not edit: edit the async source.
from .client import PocketBase

__all__ = ["PocketBase"]
