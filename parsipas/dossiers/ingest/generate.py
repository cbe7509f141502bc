"""Realistic dossier exports for demos and the benchmark, as the one-stop system writes them.

Pure: give it the unit codes (with their kind) and a seed, get CSV lines with the Vietnamese
headers of ``headers.py``. Agencies receive more dossiers each than communes; most dossiers
are handled on time, a few need two supplement requests, some are still in progress at the
end of the year, and about two thirds of the late ones get an apology letter.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import TextIO

from parsipas.dossiers.ingest.headers import FIELD_LABELS_VI, FIELDS

HEADER = [FIELD_LABELS_VI[name] for name in FIELDS]
DATE_FORMAT = "%d/%m/%Y %H:%M:%S"
CHANNEL_TEXT = {"truc_tiep": "Trực tiếp", "truc_tuyen": "Trực tuyến", "buu_chinh": "Bưu chính"}

# A handful of common procedures per level, with their processing time in days.
AGENCY_PROCEDURES = [
    (f"1.00{n:04d}", days) for n, days in zip(range(1200, 1240), [3, 5, 7, 10, 15] * 8, strict=True)
]
COMMUNE_PROCEDURES = [
    (f"2.00{n:04d}", days) for n, days in zip(range(800, 830), [1, 2, 3, 5, 7] * 6, strict=True)
]


def _flag(rng: random.Random, probability: float) -> str:
    return "1" if rng.random() < probability else "0"


def dossier_rows(
    units: Sequence[tuple[str, bool]], rows: int, year: int, seed: int = 1
) -> Iterator[list[str]]:
    """``rows`` dossiers received in ``year``; ``units`` is [(code, is_agency)]."""
    rng = random.Random(seed)
    # An agency handles about six times the dossiers of a commune.
    weights = [6.0 if is_agency else 1.0 for _, is_agency in units]
    codes = [code for code, _ in units]
    agency = dict(units)
    start = datetime(year, 1, 1, 7, 30)
    year_seconds = int((datetime(year + 1, 1, 1) - start).total_seconds()) - 10 * 3600
    year_end = datetime(year, 12, 31, 23, 59, 59)
    picks = rng.choices(range(len(codes)), weights=weights, k=rows)
    for number, pick in enumerate(picks, start=1):
        unit = codes[pick]
        procedure, days = rng.choice(AGENCY_PROCEDURES if agency[unit] else COMMUNE_PROCEDURES)
        received = start + timedelta(seconds=rng.randrange(year_seconds))
        received = received.replace(hour=7 + received.hour % 10)
        due = (received + timedelta(days=days)).replace(hour=17, minute=0, second=0)
        roll = rng.random()
        if roll < 0.90:  # on time
            finished: datetime | None = received + (due - received) * rng.uniform(0.1, 1.0)
        elif roll < 0.96:  # late
            finished = due + timedelta(hours=rng.randint(1, 24 * 10))
        else:
            finished = None
        if finished is not None and finished > year_end:
            finished = None  # not finished yet when the year's export was taken
        supplements = rng.choices((0, 1, 2, 3), weights=(85, 12, 2.5, 0.5))[0]
        late = (
            supplements > 1
            or (finished is None and due < year_end)
            or (finished is not None and finished > due)
        )
        channel = rng.choices(("truc_tuyen", "truc_tiep", "buu_chinh"), weights=(60, 35, 5))[0]
        online = channel == "truc_tuyen"
        fee = rng.random() < 0.4
        rated = rng.random() < 0.5
        yield [
            f"000.{pick:02d}.{year % 100:02d}.H12-{received:%y%m%d}-{number:07d}",
            unit,
            procedure,
            received.strftime(DATE_FORMAT),
            due.strftime(DATE_FORMAT),
            finished.strftime(DATE_FORMAT) if finished else "",
            str(supplements),
            CHANNEL_TEXT[channel],
            _flag(rng, 0.7) if online else "0",
            "1" if fee else "0",
            _flag(rng, 0.75 if online else 0.3) if fee else "0",
            _flag(rng, 0.8),
            _flag(rng, 0.75),
            _flag(rng, 0.3),
            _flag(rng, 0.97),
            _flag(rng, 0.65) if late else "0",
            str(rng.choices((5, 4, 3, 2, 1), weights=(70, 20, 6, 3, 1))[0]) if rated else "",
        ]


def write_csv(
    out: TextIO, units: Sequence[tuple[str, bool]], rows: int, year: int, seed: int = 1
) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    written = 0
    for row in dossier_rows(units, rows, year, seed):
        writer.writerow(row)
        written += 1
    return written
