"""Small dossier exports built in tests: a row is a dict of the fields that matter."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from parsipas.dossiers.ingest.generate import HEADER

FIELD_ORDER = [
    "code", "unit", "procedure", "received", "due", "finished", "supplements", "channel",
    "fully_online", "fee", "paid_online", "electronic", "digitized", "reused", "synced",
    "apology", "rating",
]  # fmt: skip
DEFAULTS = {
    "procedure": "1.001234",
    "due": "",
    "finished": "",
    "supplements": "0",
    "channel": "Trực tiếp",
    "fully_online": "0",
    "fee": "0",
    "paid_online": "0",
    "electronic": "0",
    "digitized": "0",
    "reused": "0",
    "synced": "0",
    "apology": "0",
    "rating": "",
}


def csv_bytes(rows: Iterable[Mapping[str, object]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header or HEADER)
    for row in rows:
        values = {**DEFAULTS, **row}
        writer.writerow([str(values[name]) for name in FIELD_ORDER])
    return out.getvalue().encode("utf-8")


def fmt(moment: datetime | None) -> str:
    return "" if moment is None else moment.strftime("%d/%m/%Y %H:%M:%S")


def random_rows(units: list[str], count: int, year: int, seed: int) -> list[dict[str, object]]:
    """Dossiers crowding the edges: any hour of the day (times before 07:00 are the previous
    day in UTC), month ends, due dates without a time, finished exactly on the due time,
    in progress, no due date, several supplement requests."""
    rng = random.Random(seed)
    rows = []
    for n in range(count):
        month = rng.randint(1, 12)
        day = rng.choice([1, 2, 15, 27, 28, 29, 30, 31])
        received = datetime(year, month, 1) + timedelta(
            days=day - 1, hours=rng.randint(0, 23), minutes=rng.randint(0, 59)
        )
        if received.year != year:
            received = datetime(year, 12, 31, rng.randint(0, 23))
        due_choice = rng.random()
        if due_choice < 0.1:
            due, due_text = None, ""
        elif due_choice < 0.3:  # a date without time: lasts the whole day
            due = received + timedelta(days=rng.randint(0, 40))
            due_text = due.strftime("%d/%m/%Y")
        else:
            due = received + timedelta(days=rng.randint(0, 40), hours=rng.randint(0, 23))
            due_text = fmt(due)
        finish_choice = rng.random()
        if finish_choice < 0.25:
            finished = None
        elif finish_choice < 0.35 and due is not None and due_text != due.strftime("%d/%m/%Y"):
            finished = due  # exactly on time
        else:
            finished = received + timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
        fee = rng.random() < 0.5
        rows.append(
            {
                "code": f"R{seed}-{n:05d}",
                "unit": rng.choice(units),
                "received": fmt(received),
                "due": due_text,
                "finished": fmt(finished),
                "supplements": rng.choice([0, 0, 0, 1, 1, 2, 3]),
                "channel": rng.choice(["Trực tiếp", "Trực tuyến", "Bưu chính"]),
                "fully_online": rng.randint(0, 1),
                "fee": int(fee),
                "paid_online": rng.randint(0, 1),
                "electronic": rng.randint(0, 1),
                "digitized": rng.randint(0, 1),
                "reused": rng.randint(0, 1),
                "synced": rng.randint(0, 1),
                "apology": rng.randint(0, 1),
                "rating": rng.choice(["", "", "1", "3", "4", "5"]),
            }
        )
    return rows
