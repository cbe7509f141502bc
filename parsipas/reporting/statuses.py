"""The one status vocabulary: labels, order, chip tone, chart colour and Excel fill of a task's
status, used by every page, chart, Word and Excel file (they disagreed: "Chưa triển khai" grey on
the desk and amber on the dashboard, "Chưa gửi báo cáo" the other way round)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    tone: str  # the chip: chip-<tone> in front/app.css
    colour: str  # charts and Word, "#rrggbb"
    fill: str  # Excel cell background, a light tint of the colour

    @property
    def rgb(self) -> tuple[int, int, int]:
        return tuple(int(self.colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


STATUSES: tuple[Status, ...] = (
    Status("done", "Hoàn thành", "ok", "#1d7a3a", "C6EFCE"),
    Status("in_progress", "Đang thực hiện", "info", "#0b5cad", "DDEBF7"),
    Status("not_started", "Chưa triển khai", "warn", "#b86e00", "FFEB9C"),
    Status("not_done", "Không hoàn thành", "danger", "#b42318", "FFC7CE"),
    Status("not_submitted", "Chưa gửi báo cáo", "muted", "#8a94a0", "E7E6E6"),
)
BY_KEY = {s.key: s for s in STATUSES}
KEYS: tuple[str, ...] = tuple(s.key for s in STATUSES)
LABELS: dict[str, str] = {s.key: s.label for s in STATUSES}
TONES: dict[str, str] = {s.key: s.tone for s in STATUSES}
COLOURS: dict[str, str] = {s.key: s.colour for s in STATUSES}
FILLS: dict[str, str] = {s.key: s.fill for s in STATUSES}
