"""The registers' items in the daily reminder digest (`parsipas remind`), once a week each:
- to the inspected unit: its findings past their due date, its remediation plan past due;
- to the assigned units: Government tasks past their due date and not done;
- to the registers' keepers (lead officers of 1.4 and 1.8 this year): the province's totals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.urls import reverse

from parsipas.accounts.models import Role
from parsipas.plans.models import Node
from parsipas.registers.models import Finding, GovernmentTask, Inspection
from parsipas.registers.services import INSPECTION_KEYS, TASK_KEYS
from parsipas.reporting.models import Notification
from parsipas.reporting.reminders import Item

OVERDUE = Notification.Kind.OVERDUE


def _keepers(keys: tuple[str, ...], year: int) -> set[int]:
    codes = [k.split(":", 1)[1] for k in keys]
    return set(
        Node.lead_units.through.objects.filter(
            node__plan__year=year, node__index="PAR", node__code__in=codes
        ).values_list("unit_id", flat=True)
    )


def digest_items(today: dt.date, by_unit: dict[int, list[Any]], add: Any) -> None:
    """Adds the registers' lines to the digest (reporting.reminders.register_source)."""
    for users, item in items(today, by_unit):
        add(users, item)


def items(today: dt.date, by_unit: dict[int, list[Any]]) -> list[tuple[list[Any], Item]]:
    leads_by_unit = {
        unit_id: [u for u in users if u.role == Role.LEAD] for unit_id, users in by_unit.items()
    }
    week = f"{today.isocalendar().year}w{today.isocalendar().week}"
    found: list[tuple[list[Any], Item]] = []
    findings_url = reverse("registers_findings")
    overdue: dict[int, list[Finding]] = defaultdict(list)
    for f in (
        Finding.objects.filter(due_date__lt=today)
        .exclude(status__in=Finding.DONE)
        .select_related("inspection__unit")
    ):
        overdue[f.inspection.unit_id].append(f)
    for unit_id, rows in overdue.items():
        unit = rows[0].inspection.unit
        first = min(f.due_date for f in rows)
        if unit_id in by_unit:
            found.append((by_unit[unit_id], Item(
                OVERDUE, f"reg-findings:{unit_id}:{week}",
                f"Sổ kiểm tra CCHC: {len(rows)} vấn đề phát hiện qua kiểm tra đã quá hạn khắc phục "
                f"(hạn sớm nhất {first:%d/%m/%Y}).",
                f"{findings_url}?nam={rows[0].inspection.year}&don-vi={unit.code}&qua-han=1",
                section="registers",
            )))  # fmt: skip
    no_plan = list(
        Inspection.objects.filter(
            remediation_plan_file__isnull=True, remediation_plan_due__lt=today
        ).select_related("unit")
    )
    for inspection in no_plan:
        if inspection.unit_id in by_unit:
            found.append((by_unit[inspection.unit_id], Item(
                OVERDUE, f"reg-plan:{inspection.pk}:{week}",
                f"Sổ kiểm tra CCHC: đơn vị chưa nộp kế hoạch khắc phục sau kiểm tra "
                f"(hạn {inspection.remediation_plan_due:%d/%m/%Y}).",
                reverse("registers_inspection", args=[inspection.pk]),
                section="registers",
            )))  # fmt: skip
    tasks = list(
        GovernmentTask.objects.filter(due_date__lt=today)
        .exclude(status=GovernmentTask.Status.DONE)
        .prefetch_related("units")
    )
    for task in tasks:
        users = [u for unit in task.units.all() for u in by_unit.get(unit.pk, [])]
        if users:
            found.append((users, Item(
                OVERDUE, f"reg-task:{task.pk}:{week}",
                f"Nhiệm vụ Chính phủ giao theo văn bản {task.doc_number} đã quá hạn "
                f"({task.due_date:%d/%m/%Y}), chưa báo cáo hoàn thành.",
                reverse("registers_task", args=[task.pk]),
                section="registers",
            )))  # fmt: skip
    year = today.year
    if overdue or no_plan:
        keepers = [
            u for unit_id in _keepers(INSPECTION_KEYS, year) for u in leads_by_unit.get(unit_id, [])
        ]
        n = sum(len(r) for r in overdue.values())
        if keepers:
            found.append((keepers, Item(
                OVERDUE, f"reg-findings-all:{week}",
                f"Sổ kiểm tra CCHC: {n} vấn đề quá hạn khắc phục ở {len(overdue)} đơn vị; "
                f"{len(no_plan)} đơn vị chưa nộp kế hoạch khắc phục đúng hạn.",
                f"{findings_url}?nam={year}&qua-han=1",
                section="registers",
            )))  # fmt: skip
    if tasks:
        keepers = [
            u for unit_id in _keepers(TASK_KEYS, year) for u in leads_by_unit.get(unit_id, [])
        ]
        if keepers:
            found.append((keepers, Item(
                OVERDUE, f"reg-tasks-all:{week}",
                f"Sổ nhiệm vụ Chính phủ giao: {len(tasks)} nhiệm vụ quá hạn chưa hoàn thành.",
                f"{reverse('registers_tasks')}?nam={year}&tien-do=cham",
                section="registers",
            )))  # fmt: skip
    return found
