"""Every difference between PocketBase server generations, as data, in one sans-I/O layer.

A :class:`Generation` is a set of flags (the Authorization form, the page-size cap,
``skipTotal``, the filter grammar, what an upload to a file field means, the error body's
status key, ...), the capability table (:mod:`.capabilities`: ``feature -> oldest server that
has it``) and the bridges, one object per service (:mod:`.admins`, :mod:`.users`, :mod:`.records`,
:mod:`.collections`, :mod:`.logs`, :mod:`.settings`, and :mod:`.auth` for the auth calls of
any auth collection):
routes, request bodies and reply reshaping into the seed's shapes. The three generations:

- ``"0.7"``: servers 0.7.x (the seed wire protocol),
- ``"0.8"``: servers 0.8 to 0.22,
- ``"0.23"``: servers 0.23 and later.

Services ask the generation for route descriptions (:class:`Req`) and never compare versions;
a call that needs a capability the generation lacks fails before anything is sent
(:meth:`Generation.require`). Key spellings the models read either way
(``collectionId``/``@collectionId``, ``fields``/``schema``, ``status``/``code`` in errors,
dates with or without ``Z``) are left to ``pocketbase.models``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .._filters import FilterRule, bind_filter
from ._common import Normalizer, Req
from .admins import AdminRoutes, AdminRoutes08, AdminRoutes23
from .auth import AuthRoutes, AuthRoutes08, AuthRoutes23
from .capabilities import (
    CAPABILITIES,
    GENERATION_LABELS,
    Feature,
    ServerApi,
    Since,
    router_404_error,
    supports,
    unsupported_error,
)
from .collections import (
    JSON_MAX_SIZE,
    UNLIMITED_RELATIONS,
    CollectionRoutes,
    CollectionRoutes08,
    CollectionRoutes23,
    rewrite_rule,
)
from .detection import PROBE_SUPERUSERS, PROBE_USERS, Probe, decide, probe_reply
from .logs import LogRoutes, LogRoutes08, LogRoutes23
from .records import RecordRoutes, RecordRoutes23
from .settings import SettingsRoutes, SettingsRoutes08
from .users import UserRoutes, UserRoutes08, UserRoutes23

__all__ = [
    "CAPABILITIES",
    "GENERATIONS",
    "GENERATION_LABELS",
    "JSON_MAX_SIZE",
    "PROBE_SUPERUSERS",
    "PROBE_USERS",
    "UNLIMITED_RELATIONS",
    "Feature",
    "Generation",
    "Normalizer",
    "Probe",
    "Req",
    "ServerApi",
    "ServerApiOption",
    "Since",
    "detect_generation",
    "generation_for",
    "probe_reply",
    "rewrite_rule",
]

#: what ``server_api=`` accepts
ServerApiOption = Literal["auto", "0.7", "0.8", "0.23"]


@dataclass(frozen=True, slots=True, repr=False)
class Generation:
    """One server generation: flags, capabilities and the per-service bridges."""

    name: ServerApi
    #: ``Authorization: <token>`` (True) or ``Admin <token>`` / ``User <token>`` (0.7)
    bare_token_auth: bool
    #: the largest ``perPage`` the server honours
    max_per_page: int
    #: whether list endpoints understand ``skipTotal``
    has_skip_total: bool
    #: how the server's filter parser reads quoted text (see ``pocketbase._filters``)
    filter_rule: FilterRule
    #: whether a plain file field name in an update replaces the field's files (0.23+);
    #: otherwise uploads are added to them
    upload_replaces_files: bool
    #: the key of the HTTP status in the server's error bodies
    error_status_key: str
    admins: AdminRoutes
    users: UserRoutes
    records: RecordRoutes
    collections: CollectionRoutes
    logs: LogRoutes
    settings: SettingsRoutes
    #: auth on any auth collection (the modern ``collection(name)`` auth calls)
    auth: AuthRoutes
    capabilities: Mapping[Feature, Since] = field(default_factory=lambda: CAPABILITIES)

    def __repr__(self) -> str:
        return f"<Generation server_api={self.name!r}>"

    @property
    def label(self) -> str:
        """How the generation is named in messages: ``0.7``, ``0.8-0.22`` or ``0.23+``."""
        return GENERATION_LABELS[self.name]

    def auth_header(self, token: str, is_admin: bool) -> str:
        """The ``Authorization`` value for a stored token."""
        if self.bare_token_auth:
            return token
        return f"{'Admin' if is_admin else 'User'} {token}"

    def supports(self, feature: Feature) -> bool:
        """Whether servers of this generation can have ``feature``."""
        return supports(self.name, feature)

    def require(self, feature: Feature) -> None:
        """Raise :class:`~pocketbase.UnsupportedFeatureError` unless :meth:`supports`."""
        if not supports(self.name, feature):
            raise unsupported_error(self.name, feature)

    def feature_error(self, feature: Feature, error: Any) -> Any:
        """The error to raise for ``error`` from a call that needs ``feature``: an
        :class:`~pocketbase.UnsupportedFeatureError` for the router's 404 of a feature that
        arrived inside this generation, else ``error`` itself."""
        return router_404_error(self.name, feature, error)


def _bound_filter(rule_source: Any, expr: str) -> Normalizer:
    def bind(params: Any) -> Any:
        return str(bind_filter(expr, params, rule_source))

    return bind


class _Rule:
    """The filter rule alone, for binders built before their generation exists."""

    def __init__(self, rule: FilterRule) -> None:
        self.filter_rule: FilterRule = rule


GEN_07 = Generation(
    name="0.7",
    bare_token_auth=False,
    max_per_page=400,
    has_skip_total=False,
    filter_rule="0.7",
    upload_replaces_files=False,
    error_status_key="code",
    admins=AdminRoutes(),
    users=UserRoutes(),
    records=RecordRoutes(),
    collections=CollectionRoutes(),
    logs=LogRoutes(),
    settings=SettingsRoutes(),
    auth=AuthRoutes(),
)

GEN_08 = Generation(
    name="0.8",
    bare_token_auth=True,
    max_per_page=500,
    has_skip_total=True,
    filter_rule="0.8",
    upload_replaces_files=False,
    error_status_key="code",
    admins=AdminRoutes08(),
    users=UserRoutes08(),
    records=RecordRoutes(),
    collections=CollectionRoutes08(),
    logs=LogRoutes08(),
    settings=SettingsRoutes08(),
    auth=AuthRoutes08(),
)

GEN_23 = Generation(
    name="0.23",
    bare_token_auth=True,
    max_per_page=1000,
    has_skip_total=True,
    filter_rule="0.23",
    upload_replaces_files=True,
    error_status_key="status",
    admins=AdminRoutes23(),
    users=UserRoutes23(
        _bound_filter(_Rule("0.23"), "(recordRef={:user} && collectionRef={:users})"),
        max_per_page=1000,
    ),
    records=RecordRoutes23(),
    collections=CollectionRoutes23(),
    logs=LogRoutes23(),
    settings=SettingsRoutes08(),
    auth=AuthRoutes23(),
)

GENERATIONS: dict[str, Generation] = {"0.7": GEN_07, "0.8": GEN_08, "0.23": GEN_23}


def generation_for(server_api: str) -> Generation:
    """The generation object of an explicit ``server_api`` value."""
    try:
        return GENERATIONS[server_api]
    except KeyError:
        raise ValueError(
            f"server_api must be one of 'auto', '0.7', '0.8', '0.23', got {server_api!r}"
        ) from None


def detect_generation(
    superusers_probe: tuple[Any, ...], users_probe: tuple[Any, ...] | None, base_url: str = ""
) -> Generation | None:
    """The generation the probe replies show (see :func:`.detection.decide`); None when the
    second probe is needed but was not given yet."""
    name = decide(superusers_probe, users_probe, base_url)
    return None if name is None else GENERATIONS[name]
