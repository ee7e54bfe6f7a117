"""One way to select tasks by agency (any alias, with its merger lineage), role and deadline: used by the CLI,
the REST API and the answer engine alike, so they always agree."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.agencies import AgencyRegistry
from ingest.errors import InvalidRequestError
from ingest.models import Agency, AgencyRole, DeadlineKind, Task
from ingest.store import Store


@dataclass(frozen=True)
class TaskFilter:
    agency: str | None = None  # any name, alias or abbreviation, with or without diacritics
    role: AgencyRole = "any"
    due_from: str | None = None  # ISO dates, inclusive
    due_to: str | None = None
    deadline_kind: DeadlineKind | None = None
    group: str | None = None
    text: str | None = None


def resolve_agency(registry: AgencyRegistry, name: str) -> Agency:
    agency = registry.resolve(name)
    if agency is None:
        raise InvalidRequestError(
            f"Không nhận ra cơ quan {name!r}. Thử tên đầy đủ (ví dụ 'Bộ Giáo dục và Đào tạo') "
            "hoặc tên viết tắt (ví dụ 'Bộ GD&ĐT')."
        )
    return agency


def merged_into(registry: AgencyRegistry, agency: Agency, target_id: str) -> bool:
    """True when `agency` was merged, directly or through a chain of mergers, into `target_id`."""
    seen: set[str] = set()
    current = agency
    while current.merged_into and current.merged_into not in seen:
        if current.merged_into == target_id:
            return True
        seen.add(current.merged_into)
        nxt = registry.get(current.merged_into)
        if nxt is None:
            return False
        current = nxt
    return False


def agency_lineage(registry: AgencyRegistry, agencies: list[Agency] | tuple[Agency, ...]) -> list[Agency]:
    """The agencies and those merged into them (whose tasks they inherited), without repeats.

    A successor is not included: tasks of Bộ Khoa học và Công nghệ include those assigned to Bộ Thông tin và
    Truyền thông, but a question about Bộ Thông tin và Truyền thông is about the tasks assigned to it.
    """
    out: dict[str, Agency] = {}
    for agency in agencies:
        for member in registry.lineage(agency.id) or [agency]:
            if member.id == agency.id or merged_into(registry, member, agency.id):
                out.setdefault(member.id, member)
    return list(out.values())


def tasks_for_agencies(
    store: Store,
    agencies: list[Agency],
    role: AgencyRole = "any",
    due_from: str | None = None,
    due_to: str | None = None,
    deadline_kind: DeadlineKind | None = None,
    group: str | None = None,
    text: str | None = None,
) -> list[Task]:
    return store.tasks(
        agency_ids=[a.id for a in agencies],
        agencies=[a.name for a in agencies],
        role=role,
        due_from=due_from,
        due_to=due_to,
        deadline_kind=deadline_kind,
        group=group,
        text=text,
    )


def find_tasks(store: Store, registry: AgencyRegistry, flt: TaskFilter) -> list[Task]:
    agencies: list[Agency] = []
    if flt.agency:
        agencies = agency_lineage(registry, [resolve_agency(registry, flt.agency)])
    if flt.agency and not agencies:
        return []
    return tasks_for_agencies(
        store, agencies, flt.role, flt.due_from, flt.due_to, flt.deadline_kind, flt.group, flt.text
    )
