# Generated from pocketbase/_async/services/__init__.py by scripts/unasync.py. Do not edit: edit the async source.
from .admins import AdminService
from .base import CrudService
from .collections import CollectionService
from .logs import LogService
from .realtime import RealtimeService
from .records import RecordService
from .settings import SettingsService
from .users import UserService

__all__ = [
    "AdminService",
    "CollectionService",
    "CrudService",
    "LogService",
    "RealtimeService",
    "RecordService",
    "SettingsService",
    "UserService",
]
