from .admins import AsyncAdminService
from .base import AsyncCrudService
from .collections import AsyncCollectionService
from .files import AsyncFileService
from .logs import AsyncLogService
from .realtime import AsyncRealtimeService
from .record_service import AsyncRecordService
from .records import AsyncSeedRecordService
from .settings import AsyncSettingsService
from .users import AsyncUserService

__all__ = [
    "AsyncAdminService",
    "AsyncCollectionService",
    "AsyncCrudService",
    "AsyncFileService",
    "AsyncLogService",
    "AsyncRealtimeService",
    "AsyncRecordService",
    "AsyncSeedRecordService",
    "AsyncSettingsService",
    "AsyncUserService",
]
