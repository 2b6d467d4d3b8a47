"""Column reads in one round trip on PostgreSQL, and the check for which database path to take."""

from __future__ import annotations

import numpy as np
from django.db import connection


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


_PG_TYPES = {"int4": (">i4", "int4send"), "int8": (">i8", "int8send"), "float8": (">f8", "float8send")}


def fetch_packed(
    columns: list[tuple[str, str, str]], from_sql: str, params: list, order_by: str | None = None
) -> dict[str, np.ndarray]:
    """Read whole columns in one round trip: the server packs every row into one binary string
    (`string_agg` of the `*send` encodings) that numpy reads without a Python loop per row.

    `columns` are (name, SQL expression, type) with type in _PG_TYPES; expressions must not be NULL.
    """
    import psycopg

    packed = " || ".join(f"{_PG_TYPES[kind][1]}(({expression})::{kind})" for _name, expression, kind in columns)
    order = f" ORDER BY {order_by}" if order_by else ""
    sql = f"SELECT string_agg({packed}, ''::bytea{order}) FROM {from_sql}"  # noqa: S608
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:  # server-side binding: binary results
        cursor.execute(sql, params, binary=True)
        data = cursor.fetchone()[0] or b""
    dtype = np.dtype([(name, _PG_TYPES[kind][0]) for name, _expression, kind in columns])
    rows = np.frombuffer(data, dtype=dtype)
    return {name: rows[name].astype(_PG_TYPES[kind][0].replace(">", "=")) for name, _expression, kind in columns}
