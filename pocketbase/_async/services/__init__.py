from .admins import AsyncAdminService
from .base import AsyncCrudService
from .collections import AsyncCollectionService
from .logs import AsyncLogService
from .realtime import AsyncRealtimeService
from .records import AsyncRecordService
from .settings import AsyncSettingsService
from .users import AsyncUserService

__all__ = [
    "AsyncAdminService",
    "AsyncCollectionService",
    "AsyncCrudService",
    "AsyncLogService",
    "AsyncRealtimeService",
    "AsyncRecordService",
    "AsyncSettingsService",
    "AsyncUserService",
]
