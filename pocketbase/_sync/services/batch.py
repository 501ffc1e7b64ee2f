# Generated from pocketbase/_async/services/batch.py by scripts/unasync.py. Do not edit: edit the async source.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..._batch import (
    BATCH_PATH,
    BatchCollection,
    BatchItem,
    batch_error,
    batch_parts,
    check_batch_size,
    check_result_count,
)
from ..._errors import ClientResponseError
from ..._generations import Feature, Req
from ..._pipeline import UNSET
from ..._services import modern_query, plain_list_adapter, request_config
from ...models import BatchResult
from .base import BaseService

if TYPE_CHECKING:
    from ..client import PocketBase

__all__ = ["Batch"]


class Batch(BaseService):
    """Record writes queued to run on the server in one transaction (servers 0.23+, with
    batch requests enabled in the server's settings).

        batch = pb.create_batch()
        batch.collection("posts").create({"title": "a"}, files={"cover": open("a.png", "rb")})
        batch.collection("posts").update(post_id, {"views+": 1})
        batch.collection("tags").upsert({"id": "tag00000000001", "name": "news"})
        batch.collection("drafts").delete(draft_id)
        results = batch.send()  # awaited on the async client; one BatchResult per request

    When one request fails, nothing is changed: ``send()`` raises the error class of the
    batch's status (:class:`~pocketbase.BadRequestError`), its message names the failing
    request, and ``err.batch_failures`` maps each failing index to its error.

    Args:
        client: the client that sends the batch (``pb.create_batch()`` passes itself).
    """

    __slots__ = ("_items",)

    def __init__(self, client: PocketBase) -> None:
        super().__init__(client)
        self._items: list[BatchItem] = []

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self._items)} request(s)>"

    def __len__(self) -> int:
        """The number of queued requests."""
        return len(self._items)

    def collection(self, name: str) -> BatchCollection:
        """Queue requests on the records of the collection ``name`` (id or name).

        Args:
            name: the collection's name or id.

        Returns:
            The queue of that collection: its ``create``, ``update``, ``upsert`` and ``delete`` add
                requests (nothing is sent until ``send()``).
        """
        return BatchCollection(self._items, name)

    def send(
        self,
        *,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        request_key: str | None = UNSET,
    ) -> list[BatchResult]:
        """Send every queued request as one ``POST /api/batch`` (multipart, files included);
        one :class:`~pocketbase.models.BatchResult` per queued request, in queue order.

        An empty batch raises before anything is sent. The queue is kept: sending again sends
        the same requests again (an open file is read where the first send left it). Like every
        call, a send cancels a pending one with the same cancel key (``POST/api/batch`` by
        default): give concurrent batches their own ``request_key`` (or ``None``).

        Args:
            query: extra query parameters.
            headers: extra request headers.
            request_key: the auto-cancellation key: omitted, ``POST/api/batch``; a string, that key;
                ``None``, never auto-cancelled.

        Returns:
            One result per queued request (``status`` and ``body``), in queue order.

        Raises:
            UnsupportedFeatureError: the server is older than 0.23 (nothing is sent).
            BadRequestError: a queued request failed (nothing was changed; ``err.batch_failures``
                maps each failing index to its error).
            ForbiddenError: batch requests are disabled in the server's settings (the message says
                how to enable them).
            ClientResponseError: an empty batch (refused before sending), a reply with the wrong
                number of results, or any other failure: another HTTP error status,
                ``TransportError`` (no response) or ``RequestCancelledError`` (cancelled).
        """
        items = list(self._items)
        check_batch_size(items)
        try:
            reply, _ = self._exchange(
                Req("POST", BATCH_PATH),
                modern_query(query),
                feature=Feature.BATCH,
                files=batch_parts(items),
                **request_config(headers, request_key),
            )
        except ClientResponseError as exc:
            raise batch_error(exc, items) from None
        results = reply.validate(plain_list_adapter(BatchResult))
        problem = check_result_count(len(results), len(items))
        if problem is not None:
            raise reply.fail(ValueError(problem), problem)
        return results
