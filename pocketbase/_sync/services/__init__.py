# Generated from pocketbase/_async/services/__init__.py by scripts/unasync.py. Do not edit: edit the async source.
from .admins import AdminService
from .backups import BackupService
from .base import CrudService
from .batch import Batch
from .collections import CollectionService
from .crons import CronService
from .files import FileService
from .health import HealthService
from .logs import LogService
from .realtime import RealtimeService
from .record_service import RecordService
from .records import SeedRecordService
from .settings import SettingsService
from .sql import SQLService
from .users import UserService

__all__ = [
    "AdminService",
    "BackupService",
    "Batch",
    "CollectionService",
    "CronService",
    "CrudService",
    "FileService",
    "HealthService",
    "LogService",
    "RealtimeService",
    "RecordService",
    "SQLService",
    "SeedRecordService",
    "SettingsService",
    "UserService",
]
