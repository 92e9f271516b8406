"""The workspace: one DuckDB file holding every client's canonical tables.

Writes are all-or-nothing (one transaction per file or frame); a file already
ingested is recognised by its content hash and skipped; rows that share a
natural key with rows already stored replace them, so overlapping exports are
never counted twice.

Connections are opened per call and closed after it: readers open the file
read-only, so several notebook kernels can read one workspace at once.

Examples
--------
>>> import tempfile, pandas as pd
>>> from smtools import Workspace
>>> ws = Workspace(tempfile.mkdtemp() + "/demo.duckdb")
>>> frame = pd.DataFrame({"client": ["acme"], "date": pd.to_datetime(["2025-01-06"]),
...                       "kpi": ["orders"], "value": [12.0]})
>>> ws.upsert("outcomes", frame).rows
1
>>> ws.clients()
['acme']
>>> ws.table("outcomes", client="acme")["value"].sum()
np.float64(12.0)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import duckdb

from smtools import tables
from smtools.errors import DataError
from smtools.names import check_slug

if TYPE_CHECKING:  # pandas loads with the first frame read or written: the command line
    import pandas as pd  # and the runner open workspaces and count rows without it

    DateLike: TypeAlias = str | dt.date | pd.Timestamp | None

__all__ = ["Workspace", "IngestResult", "default_path"]

_LOG = "_ingests"
_TRUTH = "_truth"


def default_path() -> Path:
    """The workspace used when none is named: ``$SMTOOLS_WORKSPACE`` or ``./workspace.duckdb``.

    Examples
    --------
    >>> default_path().name.endswith(".duckdb") or "SMTOOLS_WORKSPACE" in __import__("os").environ
    True
    """
    return Path(os.environ.get("SMTOOLS_WORKSPACE") or "workspace.duckdb").absolute()


@dataclass
class IngestResult:
    """What one ingest or upsert did.

    Attributes
    ----------
    table : str
        Canonical table written.
    rows : int
        Rows written.
    replaced : int
        Rows already stored that the new rows replaced (same natural key).
    skipped : bool
        True when the same file had been ingested before (nothing written).
    source : str
        Export format (meta, google_ads…) or ``frame``.
    notes : list of str
        What the reader noticed and handled (totals rows dropped…).
    """

    table: str
    rows: int
    replaced: int = 0
    skipped: bool = False
    source: str = "frame"
    file: str | None = None
    client: str | None = None
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.skipped:
            return f"{self.file}: already ingested for {self.client}, nothing to do"
        what = f"{self.rows:,} {self.table} rows"
        if self.replaced:
            what += f" ({self.replaced:,} earlier rows replaced)"
        head = f"{self.file}: " if self.file else ""
        return f"{head}{what} for {self.client} [{self.source}]"


class Workspace:
    """A DuckDB workspace of canonical tables.

    Parameters
    ----------
    path : str or Path, optional
        The DuckDB file. Defaults to ``$SMTOOLS_WORKSPACE`` or ``./workspace.duckdb``.

    Examples
    --------
    >>> import tempfile
    >>> Workspace(tempfile.mkdtemp() + "/w.duckdb").clients()
    []
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path).absolute() if path is not None else default_path()
        self._shared: duckdb.DuckDBPyConnection | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path, self._shared = state["path"], None

    def __repr__(self) -> str:
        return f"Workspace('{self.path}')"

    # ------------------------------------------------------------------ connections
    @contextmanager
    def reading(self) -> Iterator[Workspace]:
        """Within the block, every read of this workspace shares one read-only connection.

        Opening a connection costs about 10 ms; a plan or a review reads a few dozen
        tables. Nothing may be written to the workspace inside the block.

        Examples
        --------
        >>> import tempfile
        >>> ws = Workspace(tempfile.mkdtemp() + "/w.duckdb")
        >>> with ws.reading():
        ...     ws.clients()
        []
        """
        if self._shared is not None or not self.path.exists():
            yield self
            return
        with self._connect(write=False) as con:
            self._shared = con
            try:
                yield self
            finally:
                self._shared = None

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._shared is not None:
            if write:
                raise RuntimeError("Workspace.reading(): no write may happen inside the block")
            yield self._shared
            return
        if not write and not self.path.exists():
            yield None  # type: ignore[misc]
            return
        if write:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(self.path), read_only=not write)
        except duckdb.IOException as err:
            raise DataError(
                f"cannot open the workspace {self.path}: {str(err).splitlines()[0]}",
                hint="close other programs writing to it (one writer at a time), "
                "or point --workspace at another file",
            ) from None
        try:
            con.execute("SET TimeZone='UTC'")
            yield con
        finally:
            con.close()

    @staticmethod
    def _exists(con: duckdb.DuckDBPyConnection | None, name: str) -> bool:
        if con is None:
            return False
        return bool(con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchall()[0][0])

    @staticmethod
    def _ensure(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {_LOG} (file_hash VARCHAR, client VARCHAR, "
            "table_name VARCHAR, source VARCHAR, path VARCHAR, rows BIGINT, replaced BIGINT, "
            "ingested_at TIMESTAMPTZ)"
        )
        con.execute(
            f"CREATE TABLE IF NOT EXISTS {_TRUTH} (client VARCHAR PRIMARY KEY, truth VARCHAR, "
            "written_at TIMESTAMPTZ)"
        )
        for name in tables.TABLES:
            con.execute(tables.ddl(name))

    # ------------------------------------------------------------------ writing
    def ingest(
        self,
        path: str | Path,
        *,
        client: str,
        source: str = "auto",
        mapping: str | Path | dict[str, Any] | None = None,
        timezone: str | None = None,
        currency: str | None = None,
    ) -> IngestResult:
        """Read an export, validate it and store it, all or nothing.

        Parameters
        ----------
        path : str or Path
            The export file (CSV, TSV or Parquet).
        client : str
            Client slug the rows belong to.
        source : str
            ``auto`` (recognise from the header), ``meta``, ``google_ads``, ``linkedin``,
            ``tiktok``, ``ga4`` or ``csv`` (generic, with ``mapping``).
        mapping : path or dict, optional
            Column mapping for generic files (see :func:`smtools.io.read`).
        timezone : str, optional
            Time zone of naive timestamps in the file (IANA name, e.g. ``Europe/Paris``).
        currency : str, optional
            Currency of the amounts when the export does not say it.

        Returns
        -------
        IngestResult

        Raises
        ------
        DataError
            When the file cannot be read or breaks a rule; nothing is written then.

        Examples
        --------
        >>> ws = Workspace("/tmp/doc.duckdb")                      # doctest: +SKIP
        >>> ws.ingest("meta_export.csv", client="acme")            # doctest: +SKIP
        """
        from smtools import io

        check_slug(client)
        path = Path(path)
        digest = _file_hash(path, source=source, mapping=mapping, timezone=timezone,
                            currency=currency)
        with self._connect(write=False) as con:
            if self._exists(con, _LOG) and con.execute(
                f"SELECT count(*) FROM {_LOG} WHERE file_hash = ? AND client = ?",
                [digest, client],
            ).fetchall()[0][0]:
                return IngestResult(table="", rows=0, skipped=True, file=str(path),
                                    client=client, source=source)
        export = io.read(path, client=client, source=source, mapping=mapping,
                         timezone=timezone, currency=currency)
        result = self._write(export.table, export.frame, client=client, source=export.source,
                             file=str(path), digest=digest)
        result.notes = list(export.notes)
        return result

    def upsert(self, name: str, frame: pd.DataFrame, *, source: str = "frame") -> IngestResult:
        """Validate a canonical frame and store it, replacing rows with the same key.

        Parameters
        ----------
        name : str
            Canonical table name.
        frame : DataFrame
            Rows with a ``client`` column (one or several clients).
        source : str
            Label kept in the ingest log.

        Returns
        -------
        IngestResult

        Examples
        --------
        >>> import tempfile, pandas as pd
        >>> ws = Workspace(tempfile.mkdtemp() + "/w.duckdb")
        >>> f = pd.DataFrame({"client": ["a"], "date": pd.to_datetime(["2025-01-01"]),
        ...                   "kpi": ["leads"], "value": [3.0]})
        >>> ws.upsert("outcomes", f).rows, ws.upsert("outcomes", f).replaced
        (1, 1)
        """
        typed = tables.validate(name, frame)
        clients = sorted(typed["client"].unique())
        return self._write(name, typed, client=",".join(clients), source=source, file=None,
                           digest=None)

    def _write(self, name: str, typed: pd.DataFrame, *, client: str, source: str,
               file: str | None, digest: str | None) -> IngestResult:
        table = tables.TABLES[name]
        with self._connect(write=True) as con:
            self._ensure(con)
            con.execute("BEGIN TRANSACTION")
            try:
                con.register("incoming", typed)
                replaced = self._delete_overlap(con, table)
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
                con.execute(
                    f"INSERT INTO {_LOG} VALUES (?, ?, ?, ?, ?, ?, ?, now())",
                    [digest, client, name, source, file, len(typed), replaced],
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            finally:
                con.unregister("incoming")
        return IngestResult(table=name, rows=len(typed), replaced=replaced, source=source,
                            file=file, client=client)

    @staticmethod
    def _delete_overlap(con: duckdb.DuckDBPyConnection, table: tables.Table) -> int:
        name = table.name
        clients = [r[0] for r in con.execute("SELECT DISTINCT client FROM incoming").fetchall()]
        stored = con.execute(
            f"SELECT count(*) FROM {name} WHERE client IN (SELECT UNNEST(?))", [clients]
        ).fetchall()[0][0]
        if not stored:
            return 0
        cond = " AND ".join(f"t.{k} IS NOT DISTINCT FROM i.{k}" for k in table.key)
        before = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        con.execute(
            f"DELETE FROM {name} t WHERE t.client IN (SELECT UNNEST(?)) AND EXISTS "
            f"(SELECT 1 FROM incoming i WHERE {cond})",
            [clients],
        )
        after = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        return int(before - after)

    def save_truth(self, client: str, truth: dict[str, Any]) -> None:
        """Store the known truth of a synthetic client (JSON).

        Examples
        --------
        >>> import tempfile
        >>> ws = Workspace(tempfile.mkdtemp() + "/w.duckdb")
        >>> ws.save_truth("acme", {"roas": {"facebook": 2.0}})
        >>> ws.truth("acme")["roas"]["facebook"]
        2.0
        """
        check_slug(client)
        with self._connect(write=True) as con:
            self._ensure(con)
            con.execute(
                f"INSERT OR REPLACE INTO {_TRUTH} VALUES (?, ?, now())",
                [client, json.dumps(truth, sort_keys=True)],
            )

    def delete_client(self, client: str) -> int:
        """Remove every row of ``client`` from every table; returns rows removed.

        Examples
        --------
        >>> import tempfile
        >>> Workspace(tempfile.mkdtemp() + "/w.duckdb").delete_client("acme")
        0
        """
        check_slug(client)
        removed = 0
        with self._connect(write=True) as con:
            self._ensure(con)
            con.execute("BEGIN TRANSACTION")
            for name in [*tables.TABLES, _LOG, _TRUTH]:
                n = con.execute(f"SELECT count(*) FROM {name} WHERE client = ?",
                                [client]).fetchall()[0][0]
                con.execute(f"DELETE FROM {name} WHERE client = ?", [client])
                removed += n if name in tables.TABLES else 0
            con.execute("COMMIT")
        return removed

    # ------------------------------------------------------------------ reading
    def table(
        self,
        name: str,
        client: str | None = None,
        start: DateLike = None,
        end: DateLike = None,
    ) -> pd.DataFrame:
        """Rows of canonical table ``name`` as a tidy DataFrame.

        Parameters
        ----------
        name : str
            Canonical table (performance, posts, audience, journeys, mentions,
            outcomes, sessions).
        client : str, optional
            Only this client's rows.
        start, end : date-like, optional
            Inclusive bounds on the table's date (or timestamp) column.

        Returns
        -------
        DataFrame
            Canonical columns and dtypes, sorted by the natural key; empty
            (with the right columns) when there is nothing.

        Examples
        --------
        >>> import tempfile
        >>> Workspace(tempfile.mkdtemp() + "/w.duckdb").table("posts").columns[:3].tolist()
        ['client', 'post_id', 'channel']
        """
        table = tables.TABLES.get(name)
        if table is None:
            raise DataError(f"unknown table '{name}'",
                            hint=f"use one of {', '.join(tables.TABLES)}")
        where, params = [], []
        if client is not None:
            check_slug(client)
            where.append("client = ?")
            params.append(client)
        time_col = next((c for c in table.columns if c.kind in ("date", "timestamp")), None)
        for bound, op in ((start, ">="), (end, "<=")):
            if bound is None:
                continue
            if time_col is None:
                raise DataError(f"the {name} table has no date to filter on",
                                column="start/end", hint="leave start and end empty")
            day = _as_date(bound, parameter="start" if op == ">=" else "end")
            if time_col.kind == "date":
                where.append(f"{time_col.name} {op} ?")
                params.append(day)
            else:
                # whole days in UTC: end is inclusive of its day
                if op == ">=":
                    where.append(f"{time_col.name} >= ?::TIMESTAMPTZ")
                    params.append(f"{day.isoformat()} 00:00:00+00")
                else:
                    where.append(f"{time_col.name} < ?::TIMESTAMPTZ")
                    params.append(f"{(day + dt.timedelta(days=1)).isoformat()} 00:00:00+00")
        sql = f"SELECT * FROM {name}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + ", ".join(table.key)
        with self._connect(write=False) as con:
            if not self._exists(con, name):
                return tables.empty(name)
            return _to_frame(con, sql, params, name)

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a read-only SQL query on the workspace and return a DataFrame.

        Examples
        --------
        >>> import tempfile
        >>> Workspace(tempfile.mkdtemp() + "/w.duckdb").query("SELECT 1 AS one")["one"].tolist()
        [1]
        """
        if not self.path.exists():
            con = duckdb.connect()
            try:
                return _to_frame(con, sql, params or [], None)
            finally:
                con.close()
        with self._connect(write=False) as con:
            return _to_frame(con, sql, params or [], None)

    def clients(self) -> list[str]:
        """Slugs of the clients with data, sorted.

        Examples
        --------
        >>> import tempfile
        >>> Workspace(tempfile.mkdtemp() + "/w.duckdb").clients()
        []
        """
        with self._connect(write=False) as con:
            names = [n for n in tables.TABLES if self._exists(con, n)]
            if not names:
                return []
            union = " UNION ".join(f"SELECT DISTINCT client FROM {n}" for n in names)
            return sorted(r[0] for r in con.execute(union).fetchall())

    def counts(self, client: str | None = None) -> dict[str, int]:
        """Row count of every canonical table (optionally for one client).

        Examples
        --------
        >>> import tempfile
        >>> Workspace(tempfile.mkdtemp() + "/w.duckdb").counts()["performance"]
        0
        """
        out = {}
        with self._connect(write=False) as con:
            for n in tables.TABLES:
                if not self._exists(con, n):
                    out[n] = 0
                    continue
                if client is None:
                    out[n] = con.execute(f"SELECT count(*) FROM {n}").fetchall()[0][0]
                else:
                    out[n] = con.execute(f"SELECT count(*) FROM {n} WHERE client = ?",
                                         [client]).fetchall()[0][0]
        return out

    def ingests(self, client: str | None = None) -> pd.DataFrame:
        """The ingest log: one row per file or frame written, newest last.

        Examples
        --------
        >>> import tempfile
        >>> len(Workspace(tempfile.mkdtemp() + "/w.duckdb").ingests())
        0
        """
        cols = ["file_hash", "client", "table_name", "source", "path", "rows", "replaced",
                "ingested_at"]
        with self._connect(write=False) as con:
            if not self._exists(con, _LOG):
                import pandas as pd

                return pd.DataFrame(columns=cols)
            sql = f"SELECT * FROM {_LOG}"
            params: list[Any] = []
            if client:
                sql += " WHERE client = ?"
                params.append(client)
            return _to_frame(con, sql + " ORDER BY ingested_at", params, None)

    def truth(self, client: str) -> dict[str, Any]:
        """The stored truth of a synthetic client (see :mod:`smtools.synth`).

        Raises
        ------
        DataError
            When the client has no stored truth (its data is real, not generated).
        """
        check_slug(client)
        with self._connect(write=False) as con:
            row = None
            if self._exists(con, _TRUTH):
                rows = con.execute(f"SELECT truth FROM {_TRUTH} WHERE client = ?",
                                   [client]).fetchall()
                row = rows[0] if rows else None
        if row is None:
            raise DataError(
                f"client '{client}' has no known truth in {self.path}",
                hint="only generated demo clients have one: run `smtools demo-data`",
            )
        return json.loads(row[0])


def _to_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any],
              name: str | None) -> pd.DataFrame:
    import pandas as pd

    relation = con.sql(sql, params=params or None)
    frame = relation.to_arrow_table().to_pandas(date_as_object=False)
    for col in frame.columns:
        dtype = frame[col].dtype
        if pd.api.types.is_datetime64_any_dtype(dtype) and not isinstance(
            dtype, pd.DatetimeTZDtype
        ):
            frame[col] = frame[col].astype("datetime64[us]")
    if name is not None:
        spec = tables.TABLES[name]
        for c in spec.columns:
            if c.kind == "str":
                frame[c.name] = frame[c.name].astype("str")
    return frame


def _as_date(value: DateLike, *, parameter: str) -> dt.date:
    import pandas as pd

    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        raise DataError(
            f"parameter {parameter}={value!r} is not a date",
            hint="give an ISO date such as 2025-03-31",
        ) from None


def _file_hash(path: Path, **options: Any) -> str:
    if not path.exists():
        raise DataError("no such file", file=str(path),
                        hint="check the path (relative paths start from the current folder)")
    if path.is_dir():
        raise DataError("is a folder, not an export file", file=str(path),
                        hint="give the path of one CSV, TSV or Parquet file")
    with path.open("rb") as fh:
        h = hashlib.file_digest(fh, "blake2b")
    opts = dict(options)
    mapping = opts.get("mapping")
    if isinstance(mapping, (str, Path)) and Path(mapping).exists():
        opts["mapping"] = Path(mapping).read_text(encoding="utf-8", errors="replace")
    h.update(json.dumps(opts, sort_keys=True, default=str).encode())
    return h.hexdigest()
