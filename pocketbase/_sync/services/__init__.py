# Generated from pocketbase/_async/services/__init__.py by scripts/unasync.py. Do not edit: edit the async source.
from .admins import AdminService
from .base import CrudService
from .collections import CollectionService
from .files import FileService
from .logs import LogService
from .realtime import RealtimeService
from .record_service import RecordService
from .records import SeedRecordService
from .settings import SettingsService
from .users import UserService

__all__ = [
    "AdminService",
    "CollectionService",
    "CrudService",
    "FileService",
    "LogService",
    "RealtimeService",
    "RecordService",
    "SeedRecordService",
    "SettingsService",
    "UserService",
]
