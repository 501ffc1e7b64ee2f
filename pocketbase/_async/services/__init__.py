from .admins import AsyncAdminService
from .backups import AsyncBackupService
from .base import AsyncCrudService
from .batch import AsyncBatch
from .collections import AsyncCollectionService
from .crons import AsyncCronService
from .files import AsyncFileService
from .health import AsyncHealthService
from .logs import AsyncLogService
from .realtime import AsyncRealtimeService
from .record_service import AsyncRecordService
from .records import AsyncSeedRecordService
from .settings import AsyncSettingsService
from .sql import AsyncSQLService
from .users import AsyncUserService

__all__ = [
    "AsyncAdminService",
    "AsyncBackupService",
    "AsyncBatch",
    "AsyncCollectionService",
    "AsyncCronService",
    "AsyncCrudService",
    "AsyncFileService",
    "AsyncHealthService",
    "AsyncLogService",
    "AsyncRealtimeService",
    "AsyncRecordService",
    "AsyncSQLService",
    "AsyncSeedRecordService",
    "AsyncSettingsService",
    "AsyncUserService",
]
