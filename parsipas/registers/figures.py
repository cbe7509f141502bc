"""The registers' figures, as a source of `reporting/computed.py`.

Every register counts from 1 January of the window's year up to the window's last day (the
criteria are about "trong năm"): a row dated after the window's end does not count yet.

| criterion | figure | scope |
|---|---|---|
| 1.3 | units (agencies and communes) inspected on CCHC / all units, % | province (each unit's form shows it) |
| 1.4 | findings of CCHC inspections remediated / found, % (both targets) | unit and province |
| 4.8 | decentralisation inspections of communes done / planned, % (no target) | province |
| 4.9 | findings of decentralisation inspections remediated / found, % | unit and province |
| 1.6 | initiatives recognised by UBND tỉnh or piloted with a central body | province |
| 1.8 | Government tasks completed on time / tasks due, % | unit and province |
| 3.7 | procedures inter-linked at the same level; between levels | province |

"Remediated" is a finding the unit reported remediated with evidence, or that the team accepted;
one the team reopened is not.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse

from parsipas.plans.models import Node
from parsipas.registers.models import (
    Finding,
    GovernmentTask,
    Initiative,
    Inspection,
    InspectionKind,
    InspectionPlanItem,
    LinkedProcedure,
)
from parsipas.reporting.computed import Computed, Window, percent, ratio_text
from parsipas.units.models import COMMUNE_KINDS, Unit, UnitKind

INSPECTIONS = "Sổ theo dõi kiểm tra CCHC"
INITIATIVES = "Sổ theo dõi sáng kiến CCHC"
TASKS = "Sổ theo dõi nhiệm vụ Chính phủ, Thủ tướng giao"
PROCEDURES = "Danh mục TTHC liên thông"
FINDING_KINDS = {"PAR:1.4": InspectionKind.CCHC, "PAR:4.9": InspectionKind.DECENTRALISED}
FINDING_TARGETS = {"PAR:1.4": (0, 1), "PAR:4.9": (0,)}


def _url(name: str, **params: Any) -> str:
    query = urlencode({k.replace("_", "-"): v for k, v in params.items() if v not in ("", None)})
    return reverse(name) + (f"?{query}" if query else "")


def _in_window(window: Window, field: str) -> Q:
    return Q(**{f"{field}__gte": window.year_start, f"{field}__lte": window.end})


# --- the counts ------------------------------------------------------------------------------


def inspected_units(window: Window, kind: str) -> tuple[set[int], int]:
    """(units inspected, inspections) of one kind, inspections finished by the window's end."""
    rows = list(
        Inspection.objects.filter(_in_window(window, "end_date"), year=window.year, kind=kind)
        .values_list("unit_id", flat=True)
        .order_by()
    )
    return set(rows), len(rows)


def finding_counts(
    window: Window, kind: str, unit_ids: list[int] | None
) -> dict[int, tuple[int, int]]:
    """unit id -> (remediated, found) for the findings of one kind of inspection."""
    findings = Finding.objects.filter(
        _in_window(window, "inspection__end_date"),
        inspection__year=window.year,
        inspection__kind=kind,
    )
    if unit_ids is not None:
        findings = findings.filter(inspection__unit_id__in=unit_ids)
    done = Q(status__in=Finding.DONE, remediated_on__lte=window.end)
    return {
        row["inspection__unit_id"]: (row["done"], row["n"])
        for row in findings.values("inspection__unit_id")
        .annotate(n=Count("id"), done=Count("id", filter=done))
        .order_by()
    }


def task_counts(
    window: Window, unit_ids: list[int] | None
) -> tuple[dict[int, tuple[int, int]], tuple[int, int]]:
    """(unit id -> (on time, due), province (on time, due)): a task is due in the window when its
    due date or its completion falls in it; on time when completed by its due date."""
    tasks = GovernmentTask.objects.filter(year=window.year).filter(
        Q(due_date__lte=window.end) | Q(completed_on__lte=window.end)
    )
    per_unit: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    province = [0, 0]
    through = GovernmentTask.units.through.objects.filter(governmenttask__in=tasks)
    if unit_ids is not None:
        through = through.filter(unit_id__in=unit_ids)
    on_time_ids = set(
        tasks.filter(
            status=GovernmentTask.Status.DONE,
            completed_on__lte=window.end,
        )
        .filter(completed_on__lte=F("due_date"))
        .values_list("pk", flat=True)
    )
    for task_id, unit_id in through.values_list("governmenttask_id", "unit_id"):
        per_unit[unit_id][1] += 1
        per_unit[unit_id][0] += task_id in on_time_ids
    province[1] = tasks.count()
    province[0] = len(on_time_ids)
    return {u: (c[0], c[1]) for u, c in per_unit.items()}, (province[0], province[1])


def recognised_initiatives(window: Window) -> dict[int, int]:
    """unit id -> initiatives recognised or piloted (decision dated in the window)."""
    return dict(
        Initiative.objects.filter(
            _in_window(window, "decision_date"), status__in=Initiative.COUNTED
        )
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
        .order_by()
    )


def linked_procedures(window: Window) -> dict[str, int]:
    """level -> procedures inter-linked by a decision dated by the window's end (any year)."""
    counts = dict.fromkeys(LinkedProcedure.Level.values, 0)
    for row in (
        LinkedProcedure.objects.filter(decision_date__lte=window.end)
        .values("level")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["level"]] = row["n"]
    return counts


# --- the source -----------------------------------------------------------------------------


def registers_in_use(year: int) -> set[str]:
    """The registers kept for `year`: one with no row at all says nothing (a province that has
    not started a register yet still types those figures), one with rows says everything — a
    unit without a row in it gets "nothing to count", not a number to type."""
    used = set()
    if (
        Inspection.objects.filter(year=year).exists()
        or InspectionPlanItem.objects.filter(year=year).exists()
    ):
        used.add("inspections")
    if Initiative.objects.filter(year=year).exists():
        used.add("initiatives")
    if GovernmentTask.objects.filter(year=year).exists():
        used.add("tasks")
    if LinkedProcedure.objects.exists():
        used.add("procedures")
    return used


class RegisterSource:
    name = "registers"

    def province_figures(self, window: Window) -> list[Computed]:
        used = registers_in_use(window.year)
        found = self._shared(window, used)
        if "inspections" in used:
            found += self._findings(window, None).get(None, [])
        if "tasks" in used:
            found += self._tasks(window, None).get(None, [])
        return found

    def unit_figures(self, window: Window, unit_ids: list[int]) -> dict[int, list[Computed]]:
        used = registers_in_use(window.year)
        shared = self._shared(window, used)
        result: dict[int, list[Computed]] = {u: list(shared) for u in unit_ids}
        parts = []
        if "inspections" in used:
            parts.append(self._findings(window, unit_ids))
        if "tasks" in used:
            parts.append(self._tasks(window, unit_ids))
        for part in parts:
            for unit_id, items in part.items():
                if unit_id is not None:
                    result.setdefault(unit_id, []).extend(items)
        return result

    # province-wide figures every unit's form shows as they are
    def _shared(self, window: Window, used: set[str]) -> list[Computed]:
        items: list[Computed] = []
        if "inspections" in used:
            items += [self._inspected(window), self._decentralised(window)]
        if "initiatives" in used:
            items.append(self._initiatives(window))
        if "procedures" in used:
            items += self._procedures(window)
        return items

    def _inspected(self, window: Window) -> Computed:
        units = Unit.objects.filter(active=True, kind__in=(UnitKind.AGENCY, *COMMUNE_KINDS))
        kinds = dict(units.values_list("pk", "kind"))
        inspected, n_inspections = inspected_units(window, InspectionKind.CCHC)
        inspected &= set(kinds)
        agencies = sum(1 for k in kinds.values() if k == UnitKind.AGENCY)
        agencies_done = sum(1 for u in inspected if kinds[u] == UnitKind.AGENCY)
        share = percent(len(inspected), len(kinds))
        text = (
            f"{ratio_text(len(inspected), len(kinds), 'đơn vị')}: "
            f"{agencies_done}/{agencies} cơ quan cấp tỉnh, "
            f"{len(inspected) - agencies_done}/{len(kinds) - agencies} xã, phường"
        )
        deadline = (
            Node.objects.filter(plan__year=window.year, index="PAR", code="1.3")
            .values_list("deadline", flat=True)
            .first()
        )
        if n_inspections:
            by = min(deadline or window.end, window.end)
            notices = Inspection.objects.filter(
                year=window.year, kind=InspectionKind.CCHC, notice__date__lte=by
            ).count()
            text += f"; {notices}/{n_inspections} thông báo kết luận ban hành đến {by:%d/%m/%Y}"
        return Computed(
            "PAR:1.3",
            0,
            "Đơn vị được kiểm tra CCHC / tổng số đơn vị",
            share,
            text,
            INSPECTIONS,
            _url("registers_inspections", nam=window.year, loai=InspectionKind.CCHC),
            n_inspections,
        )

    def _initiatives(self, window: Window) -> Computed:
        initiatives = recognised_initiatives(window)
        total = sum(initiatives.values())
        return Computed(
            "PAR:1.6",
            0,
            "Sáng kiến được UBND tỉnh công nhận hoặc Trung ương cho thí điểm",
            Decimal(total),
            f"{total} sáng kiến được công nhận hoặc cho thí điểm",
            INITIATIVES,
            _url("registers_initiatives", nam=window.year, tinh_trang="cong-nhan"),
            total,
        )

    def _procedures(self, window: Window) -> list[Computed]:
        items = []
        procedures = linked_procedures(window)
        for order, level, hint, label in (
            (0, LinkedProcedure.Level.SAME, "cung cap", "liên thông cùng cấp"),
            (1, LinkedProcedure.Level.BETWEEN, "giua cac cap", "liên thông giữa các cấp"),
        ):
            n = procedures[level]
            items.append(
                Computed(
                    "PAR:3.7",
                    order,
                    f"TTHC, nhóm TTHC {label}",
                    Decimal(n),
                    f"{n} TTHC hoặc nhóm TTHC {label}",
                    PROCEDURES,
                    _url("registers_procedures", cap=level),
                    n,
                    target_hint=hint,
                )
            )
        return items

    def _decentralised(self, window: Window) -> Computed:
        planned = set(
            InspectionPlanItem.objects.filter(
                year=window.year, kind=InspectionKind.DECENTRALISED
            ).values_list("unit_id", flat=True)
        )
        inspected, n = inspected_units(window, InspectionKind.DECENTRALISED)
        base = planned | inspected
        done = len(inspected)
        return Computed(
            "PAR:4.8",
            None,
            "Xã, phường đã kiểm tra nhiệm vụ phân cấp / theo kế hoạch",
            percent(done, len(base)),
            ratio_text(done, len(base), "xã, phường theo kế hoạch", "chưa có kế hoạch kiểm tra"),
            INSPECTIONS,
            _url("registers_inspections", nam=window.year, loai=InspectionKind.DECENTRALISED),
            n,
        )

    def _findings(
        self, window: Window, unit_ids: list[int] | None
    ) -> dict[int | None, list[Computed]]:
        result: dict[int | None, list[Computed]] = defaultdict(list)
        for node_key, kind in FINDING_KINDS.items():
            counts = finding_counts(window, kind, unit_ids)
            groups: dict[int | None, tuple[int, int]]
            if unit_ids is None:
                done = sum(c[0] for c in counts.values())
                found = sum(c[1] for c in counts.values())
                groups = {None: (done, found)}
            else:  # a unit without findings: None, "no finding" — not a number to type
                groups = {u: counts.get(u, (0, 0)) for u in unit_ids}
            codes = (
                dict(Unit.objects.filter(pk__in=[u for u in groups if u]).values_list("pk", "code"))
                if unit_ids is not None
                else {}
            )
            for unit_id, (done, found) in groups.items():
                url = _url(
                    "registers_findings",
                    nam=window.year,
                    loai=kind,
                    don_vi=codes.get(unit_id, "") if unit_id else "",
                )
                for order in FINDING_TARGETS[node_key]:
                    result[unit_id].append(
                        Computed(
                            node_key,
                            order,
                            "Vấn đề đã khắc phục / vấn đề phát hiện qua kiểm tra",
                            percent(done, found),
                            ratio_text(
                                done,
                                found,
                                "vấn đề đã khắc phục",
                                "chưa có vấn đề phát hiện qua kiểm tra",
                            ),
                            INSPECTIONS,
                            url,
                            found,
                        )
                    )
        return result

    def _tasks(
        self, window: Window, unit_ids: list[int] | None
    ) -> dict[int | None, list[Computed]]:
        per_unit, (on_time, due) = task_counts(window, unit_ids)
        groups: dict[int | None, tuple[int, int]] = (
            {None: (on_time, due)}
            if unit_ids is None
            else {u: per_unit.get(u, (0, 0)) for u in unit_ids}
        )
        codes = (
            dict(Unit.objects.filter(pk__in=[u for u in groups if u]).values_list("pk", "code"))
            if unit_ids is not None
            else {}
        )
        result: dict[int | None, list[Computed]] = {}
        for unit_id, (ok, n) in groups.items():
            result[unit_id] = [
                Computed(
                    "PAR:1.8",
                    0,
                    "Nhiệm vụ hoàn thành đúng hạn / nhiệm vụ đến hạn",
                    percent(ok, n),
                    ratio_text(ok, n, "nhiệm vụ hoàn thành đúng hạn", "chưa có nhiệm vụ đến hạn"),
                    TASKS,
                    _url(
                        "registers_tasks",
                        nam=window.year,
                        don_vi=codes.get(unit_id, "") if unit_id else "",
                    ),
                    n,
                )
            ]
        return result
