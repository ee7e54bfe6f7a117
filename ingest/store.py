"""SQLite store of documents, chunks and parsed records (tasks, indicators, figures, agencies), read back as dataclasses."""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from ingest.errors import IndexMismatchError, IndexMissingError, InvalidRequestError
from ingest.models import (
    Agency,
    AgencyRole,
    Chunk,
    Deadline,
    DeadlineKind,
    DocumentMeta,
    Indicator,
    ReportFigure,
    Signature,
    Task,
)
from ingest.text import key

STORE_FILE = "store.sqlite"
# Bumped whenever a table changes, so that an index written by older code is rebuilt, never misread.
# 2: documents.signature (JSON of ingest.models.Signature, NULL when the document has no signature block).
SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, kind TEXT NOT NULL, number TEXT, date TEXT, issuer TEXT,
    source_path TEXT NOT NULL, sha256 TEXT NOT NULL, fingerprint TEXT NOT NULL, text TEXT NOT NULL,
    signature TEXT
);
CREATE TABLE chunks (
    id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, ord INTEGER NOT NULL, section_path TEXT NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, record_ref TEXT
);
CREATE INDEX chunks_doc ON chunks (doc_id, ord);
CREATE TABLE tasks (
    rowid INTEGER PRIMARY KEY, number INTEGER NOT NULL, doc_id TEXT NOT NULL, grp TEXT NOT NULL,
    group_title TEXT NOT NULL, title TEXT NOT NULL, lead_agencies TEXT NOT NULL,
    coordinating_agencies TEXT NOT NULL, deliverable TEXT NOT NULL, deadline_raw TEXT NOT NULL,
    deadline_kind TEXT NOT NULL, due_date TEXT, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    search_key TEXT NOT NULL, UNIQUE (doc_id, number)
);
CREATE TABLE task_agencies (
    task_rowid INTEGER NOT NULL REFERENCES tasks (rowid), role TEXT NOT NULL, position INTEGER NOT NULL,
    name TEXT NOT NULL, name_key TEXT NOT NULL
);
CREATE INDEX task_agencies_key ON task_agencies (name_key, role);
CREATE TABLE indicators (
    rowid INTEGER PRIMARY KEY, number TEXT NOT NULL, sort_key TEXT NOT NULL, name TEXT NOT NULL,
    unit TEXT NOT NULL, target TEXT NOT NULL, horizon INTEGER NOT NULL, monitoring_agency TEXT NOT NULL,
    agency_key TEXT NOT NULL, doc_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    search_key TEXT NOT NULL
);
CREATE TABLE figures (
    id TEXT PRIMARY KEY, subject TEXT NOT NULL, label TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL,
    as_of TEXT, agency TEXT, agency_key TEXT, scope TEXT NOT NULL, quote TEXT NOT NULL, doc_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL
);
CREATE TABLE agencies (
    id TEXT PRIMARY KEY, ord INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL, english TEXT NOT NULL,
    merged_into TEXT, merged_on TEXT, merge_source TEXT, active INTEGER NOT NULL
);
CREATE TABLE agency_aliases (
    agency_id TEXT NOT NULL REFERENCES agencies (id), position INTEGER NOT NULL, alias TEXT NOT NULL,
    alias_key TEXT NOT NULL
);
CREATE INDEX agency_aliases_key ON agency_aliases (alias_key);
"""

_TASK_COLUMNS = (
    "t.rowid, t.number, t.grp, t.group_title, t.title, t.lead_agencies, t.coordinating_agencies, t.deliverable, "
    't.deadline_raw, t.deadline_kind, t.due_date, t.doc_id, t.start, t."end"'
)
_DEADLINE_KINDS = ("month", "quarter", "year", "recurring", "none")


def _number_sort_key(number: str) -> str:
    """'11.2' → '000011.000002' so that SQL orders indicator numbers naturally."""
    parts = re.findall(r"\d+|[^\d.]+", number)
    return ".".join(p.zfill(6) if p.isdigit() else p for p in parts)


def _iso(value: str | date | None, what: str) -> str | None:
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, date) else str(value)
    try:
        date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidRequestError(
            f"{what} {text!r} không phải ngày hợp lệ; nhập theo dạng YYYY-MM-DD."
        ) from exc
    return text


def _as_list(value: str | Sequence[str] | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


class Store:
    """One SQLite file. Opened read-only for serving (`open`), writable only while an index is built (`create`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._conn = connection
        self._path = path
        # One connection is shared by the server's worker threads; sqlite3 objects are not thread-safe.
        self._lock = threading.Lock()

    @classmethod
    def create(cls, path: Path) -> Store:
        """A new, empty store at `path` (which must not exist)."""
        if path.exists():
            raise FileExistsError(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False)
        conn.executescript(_SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        conn.commit()
        return cls(conn, path)

    @classmethod
    def open(cls, path: Path) -> Store:
        """The store at `path`, read-only."""
        if not path.exists():
            raise IndexMissingError(
                f"Thiếu kho dữ liệu {str(path)!r}. Dựng chỉ mục bằng: nq57 ingest --rebuild"
            )
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            row = conn.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise IndexMismatchError(
                f"Kho dữ liệu {str(path)!r} không đọc được ({exc}). Dựng lại bằng: nq57 ingest --rebuild"
            ) from exc
        if row is None or int(row[0]) != SCHEMA_VERSION:
            conn.close()
            raise IndexMismatchError(
                f"Kho dữ liệu {str(path)!r} có lược đồ {row[0] if row else None!r}, mã nguồn cần "
                f"{SCHEMA_VERSION}. Dựng lại bằng: nq57 ingest --rebuild"
            )
        return cls(conn, path)

    @property
    def path(self) -> Path:
        return self._path

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextmanager
    def _cursor(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                yield cur
            finally:
                cur.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._cursor() as cur:
            return cur.execute(sql, tuple(params)).fetchall()

    # ---- writing -------------------------------------------------------------------------------------

    def commit(self) -> None:
        with self._lock:
            self._conn.commit()

    def add_document(self, meta: DocumentMeta, text: str, fingerprint: str = "") -> None:
        """`fingerprint` identifies the source bytes (file + sidecar) so re-ingest can tell it is unchanged."""
        with self._cursor() as cur:
            cur.execute(
                "INSERT INTO documents (id, title, kind, number, date, issuer, source_path, sha256, fingerprint, "
                "text, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    meta.id,
                    meta.title,
                    meta.kind,
                    meta.number,
                    meta.date,
                    meta.issuer,
                    meta.source_path,
                    meta.sha256,
                    fingerprint or meta.sha256,
                    text,
                    json.dumps(meta.signature.to_dict(), ensure_ascii=False) if meta.signature else None,
                ),
            )

    def add_chunks(self, chunks: Iterable[Chunk]) -> None:
        with self._cursor() as cur:
            for ord_, c in enumerate(chunks):
                cur.execute(
                    "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        c.id,
                        c.doc_id,
                        ord_,
                        json.dumps(list(c.section_path), ensure_ascii=False),
                        c.kind,
                        c.text,
                        c.start,
                        c.end,
                        c.record_ref,
                    ),
                )

    def add_tasks(self, tasks: Iterable[Task]) -> None:
        with self._cursor() as cur:
            for t in tasks:
                cur.execute(
                    f"INSERT INTO tasks ({_TASK_COLUMNS.replace('t.', '')}, search_key) "
                    "VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        t.number,
                        t.group,
                        t.group_title,
                        t.title,
                        json.dumps(list(t.lead_agencies), ensure_ascii=False),
                        json.dumps(list(t.coordinating_agencies), ensure_ascii=False),
                        t.deliverable,
                        t.deadline.raw,
                        t.deadline.kind,
                        t.deadline.due_date,
                        t.doc_id,
                        t.start,
                        t.end,
                        key(f"{t.group_title} {t.title} {t.deliverable}"),
                    ),
                )
                rowid = cur.lastrowid
                for role, names in (("lead", t.lead_agencies), ("coordinating", t.coordinating_agencies)):
                    for position, name in enumerate(names):
                        cur.execute(
                            "INSERT INTO task_agencies VALUES (?,?,?,?,?)",
                            (rowid, role, position, name, key(name)),
                        )

    def add_indicators(self, indicators: Iterable[Indicator]) -> None:
        with self._cursor() as cur:
            for i in indicators:
                cur.execute(
                    "INSERT INTO indicators VALUES (NULL,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        i.number,
                        _number_sort_key(i.number),
                        i.name,
                        i.unit,
                        i.target,
                        i.horizon,
                        i.monitoring_agency,
                        key(i.monitoring_agency),
                        i.doc_id,
                        i.start,
                        i.end,
                        key(f"{i.name} {i.target} {i.unit}"),
                    ),
                )

    def add_figures(self, figures: Iterable[ReportFigure]) -> None:
        with self._cursor() as cur:
            for f in figures:
                cur.execute(
                    "INSERT INTO figures VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        f.id,
                        f.subject,
                        f.label,
                        f.value,
                        f.unit,
                        f.as_of,
                        f.agency,
                        key(f.agency) if f.agency else None,
                        f.scope,
                        f.quote,
                        f.doc_id,
                        f.start,
                        f.end,
                    ),
                )

    def add_agencies(self, agencies: Iterable[Agency]) -> None:
        with self._cursor() as cur:
            for ord_, a in enumerate(agencies):
                cur.execute(
                    "INSERT INTO agencies VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        a.id,
                        ord_,
                        a.name,
                        a.kind,
                        json.dumps(list(a.english), ensure_ascii=False),
                        a.merged_into,
                        a.merged_on,
                        a.merge_source,
                        int(a.active),
                    ),
                )
                for position, alias in enumerate(a.aliases):
                    cur.execute(
                        "INSERT INTO agency_aliases VALUES (?,?,?,?)", (a.id, position, alias, key(alias))
                    )

    # ---- documents and chunks ------------------------------------------------------------------------

    @staticmethod
    def _meta(row: Sequence[Any]) -> DocumentMeta:
        return DocumentMeta(
            id=row[0],
            title=row[1],
            kind=row[2],
            number=row[3],
            date=row[4],
            issuer=row[5],
            source_path=row[6],
            sha256=row[7],
            signature=Signature.from_dict(json.loads(row[8])) if row[8] else None,
        )

    _DOC_COLUMNS = "id, title, kind, number, date, issuer, source_path, sha256, signature"

    def documents(self) -> list[DocumentMeta]:
        rows = self._rows(f"SELECT {self._DOC_COLUMNS} FROM documents ORDER BY date IS NULL, date, id")
        return [self._meta(r) for r in rows]

    def document(self, doc_id: str) -> DocumentMeta | None:
        rows = self._rows(f"SELECT {self._DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,))
        return self._meta(rows[0]) if rows else None

    def document_text(self, doc_id: str) -> str | None:
        """The cleaned text every span (chunk, task, figure) of the document points into."""
        rows = self._rows("SELECT text FROM documents WHERE id = ?", (doc_id,))
        return str(rows[0][0]) if rows else None

    def document_fingerprints(self) -> dict[str, tuple[str, str]]:
        """source_path → (doc_id, fingerprint) for deciding which documents changed since this store was built."""
        return {r[0]: (r[1], r[2]) for r in self._rows("SELECT source_path, id, fingerprint FROM documents")}

    @staticmethod
    def _chunk(row: Sequence[Any]) -> Chunk:
        return Chunk(
            id=row[0],
            doc_id=row[1],
            section_path=tuple(json.loads(row[2])),
            kind=row[3],
            text=row[4],
            start=row[5],
            end=row[6],
            record_ref=row[7],
        )

    _CHUNK_COLUMNS = 'id, doc_id, section_path, kind, text, start, "end", record_ref'

    def chunks(self, doc_id: str | None = None) -> list[Chunk]:
        if doc_id is None:
            rows = self._rows(f"SELECT {self._CHUNK_COLUMNS} FROM chunks ORDER BY doc_id, ord")
        else:
            rows = self._rows(
                f"SELECT {self._CHUNK_COLUMNS} FROM chunks WHERE doc_id = ? ORDER BY ord", (doc_id,)
            )
        return [self._chunk(r) for r in rows]

    def chunks_by_ids(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks in the order of `ids`; unknown ids are left out."""
        found: dict[str, Chunk] = {}
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), 500):  # SQLite caps the number of bound parameters
            part = unique[i : i + 500]
            marks = ",".join("?" * len(part))
            for row in self._rows(f"SELECT {self._CHUNK_COLUMNS} FROM chunks WHERE id IN ({marks})", part):
                found[row[0]] = self._chunk(row)
        return [found[i] for i in unique if i in found]

    # ---- agencies ------------------------------------------------------------------------------------

    def agencies(self) -> list[Agency]:
        aliases: dict[str, list[str]] = {}
        for agency_id, alias in self._rows(
            "SELECT agency_id, alias FROM agency_aliases ORDER BY agency_id, position"
        ):
            aliases.setdefault(agency_id, []).append(alias)
        rows = self._rows(
            "SELECT id, name, kind, english, merged_into, merged_on, merge_source, active FROM agencies ORDER BY ord"
        )
        return [
            Agency(
                id=r[0],
                name=r[1],
                kind=r[2],
                aliases=tuple(aliases.get(r[0], [])),
                english=tuple(json.loads(r[3])),
                merged_into=r[4],
                merged_on=r[5],
                merge_source=r[6],
                active=bool(r[7]),
            )
            for r in rows
        ]

    def _agency_keys(self, agency_ids: Sequence[str], names: Sequence[str]) -> list[str]:
        """Every matching key of the named agencies: their own keys plus all names and aliases of the
        registry agencies they denote, so 'Bộ GD&ĐT' and 'Bộ Giáo dục và Đào tạo' select the same rows."""
        keys = {key(n) for n in names if key(n)}
        ids = set(agency_ids)
        if keys:
            marks = ",".join("?" * len(keys))
            ids |= {r[0] for r in self._rows(f"SELECT id FROM agencies WHERE id IN ({marks})", list(keys))}
            ids |= {
                r[0]
                for r in self._rows(
                    f"SELECT agency_id FROM agency_aliases WHERE alias_key IN ({marks})", list(keys)
                )
            }
            ids |= {r[0] for r in self._rows("SELECT id, name FROM agencies") if key(r[1]) in keys}
        if ids:
            marks = ",".join("?" * len(ids))
            keys |= {
                key(r[0]) for r in self._rows(f"SELECT name FROM agencies WHERE id IN ({marks})", list(ids))
            }
            keys |= {
                r[0]
                for r in self._rows(
                    f"SELECT alias_key FROM agency_aliases WHERE agency_id IN ({marks})", list(ids)
                )
            }
        return sorted(k for k in keys if k)

    # ---- records -------------------------------------------------------------------------------------

    @staticmethod
    def _task(row: Sequence[Any]) -> Task:
        return Task(
            number=row[1],
            group=row[2],
            group_title=row[3],
            title=row[4],
            lead_agencies=tuple(json.loads(row[5])),
            coordinating_agencies=tuple(json.loads(row[6])),
            deliverable=row[7],
            deadline=Deadline(raw=row[8], kind=row[9], due_date=row[10]),
            doc_id=row[11],
            start=row[12],
            end=row[13],
        )

    def tasks(
        self,
        agency_ids: Sequence[str] = (),
        agencies: str | Sequence[str] | None = None,
        role: AgencyRole = "any",
        due_from: str | date | None = None,
        due_to: str | date | None = None,
        deadline_kind: DeadlineKind | Sequence[DeadlineKind] | None = None,
        group: str | None = None,
        text: str | None = None,
        doc_id: str | None = None,
    ) -> list[Task]:
        """Tasks matching every filter given, in document order.

        `agency_ids`/`agencies` select tasks where any of those agencies (ids, or names in any spelling the
        store's agency registry knows) has `role`; pass a lineage to include predecessors and successors.
        `due_from`/`due_to` bound the deadline's last day (inclusive); tasks without a date then drop out.
        `text` keeps tasks whose title, group title or deliverable holds every word of it (diacritics ignored).
        """
        if role not in ("lead", "coordinating", "any"):
            raise InvalidRequestError(f"Vai trò {role!r} không hợp lệ; dùng lead, coordinating hoặc any.")
        where: list[str] = []
        params: list[Any] = []
        names = _as_list(agencies)
        if agency_ids or names:
            keys = self._agency_keys(agency_ids, names)
            if not keys:
                return []
            marks = ",".join("?" * len(keys))
            role_sql = "" if role == "any" else " AND ta.role = ?"
            where.append(
                f"t.rowid IN (SELECT ta.task_rowid FROM task_agencies ta WHERE ta.name_key IN ({marks}){role_sql})"
            )
            params += keys + ([] if role == "any" else [role])
        lo, hi = _iso(due_from, "Ngày bắt đầu"), _iso(due_to, "Ngày kết thúc")
        if lo:
            where.append("t.due_date IS NOT NULL AND t.due_date >= ?")
            params.append(lo)
        if hi:
            where.append("t.due_date IS NOT NULL AND t.due_date <= ?")
            params.append(hi)
        kinds = _as_list(deadline_kind)
        if kinds:
            bad = [k for k in kinds if k not in _DEADLINE_KINDS]
            if bad:
                raise InvalidRequestError(
                    f"Loại thời hạn {bad[0]!r} không hợp lệ; dùng {', '.join(_DEADLINE_KINDS)}."
                )
            where.append(f"t.deadline_kind IN ({','.join('?' * len(kinds))})")
            params += kinds
        if group:
            where.append("upper(t.grp) = ?")
            params.append(group.strip().upper())
        for word in key(text or "").split():
            where.append("t.search_key LIKE ?")
            params.append(f"%{word}%")
        if doc_id:
            where.append("t.doc_id = ?")
            params.append(doc_id)
        sql = f"SELECT {_TASK_COLUMNS} FROM tasks t"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY t.doc_id, t.number"
        return [self._task(r) for r in self._rows(sql, params)]

    def task(self, number: int, doc_id: str | None = None) -> Task | None:
        sql = f"SELECT {_TASK_COLUMNS} FROM tasks t WHERE t.number = ?"
        params: list[Any] = [number]
        if doc_id:
            sql += " AND t.doc_id = ?"
            params.append(doc_id)
        rows = self._rows(sql + " ORDER BY t.doc_id LIMIT 1", params)
        return self._task(rows[0]) if rows else None

    def indicators(
        self,
        number: str | None = None,
        horizon: int | None = None,
        agencies: str | Sequence[str] | None = None,
        text: str | None = None,
        doc_id: str | None = None,
    ) -> list[Indicator]:
        """Indicators in natural number order; `number` '11' also selects its sub-items '11.1', '11.2'."""
        where: list[str] = []
        params: list[Any] = []
        if number:
            where.append("(number = ? OR number LIKE ?)")
            params += [number.strip(), number.strip().rstrip(".") + ".%"]
        if horizon is not None:
            where.append("horizon = ?")
            params.append(int(horizon))
        names = _as_list(agencies)
        if names:
            keys = self._agency_keys((), names)
            if not keys:
                return []
            # An indicator monitored by several agencies ("Bộ Công an, Bộ Thông tin và Truyền thông và các bộ,
            # ngành") belongs to each of them.
            where.append("(" + " OR ".join(["agency_key = ?", "(' ' || agency_key || ' ') LIKE ?"] * len(keys)) + ")")
            for k in keys:
                params += [k, f"% {k} %"]
        for word in key(text or "").split():
            where.append("search_key LIKE ?")
            params.append(f"%{word}%")
        if doc_id:
            where.append("doc_id = ?")
            params.append(doc_id)
        sql = 'SELECT number, name, unit, target, horizon, monitoring_agency, doc_id, start, "end" FROM indicators'
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY doc_id, horizon, sort_key"
        return [
            Indicator(
                number=r[0],
                name=r[1],
                unit=r[2],
                target=r[3],
                horizon=r[4],
                monitoring_agency=r[5],
                doc_id=r[6],
                start=r[7],
                end=r[8],
            )
            for r in self._rows(sql, params)
        ]

    def figures(
        self,
        subject: str | Sequence[str] | None = None,
        agency: str | Sequence[str] | None = None,
        doc_id: str | None = None,
    ) -> list[ReportFigure]:
        """Figures in document order; `agency` takes one name or a lineage of names in any known spelling."""
        where: list[str] = []
        params: list[Any] = []
        subjects = _as_list(subject)
        if subjects:
            where.append(f"subject IN ({','.join('?' * len(subjects))})")
            params += subjects
        names = _as_list(agency)
        if names:
            keys = self._agency_keys((), names)
            if not keys:
                return []
            where.append(f"agency_key IN ({','.join('?' * len(keys))})")
            params += keys
        if doc_id:
            where.append("doc_id = ?")
            params.append(doc_id)
        sql = 'SELECT id, subject, label, value, unit, as_of, agency, scope, quote, doc_id, start, "end" FROM figures'
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY doc_id, start, id"
        return [
            ReportFigure(
                id=r[0],
                subject=r[1],
                label=r[2],
                value=r[3],
                unit=r[4],
                as_of=r[5],
                agency=r[6],
                scope=r[7],
                quote=r[8],
                doc_id=r[9],
                start=r[10],
                end=r[11],
            )
            for r in self._rows(sql, params)
        ]

    def counts(self) -> dict[str, int]:
        tables = ("documents", "chunks", "tasks", "indicators", "figures", "agencies")
        return {t: int(self._rows(f"SELECT count(*) FROM {t}")[0][0]) for t in tables}
