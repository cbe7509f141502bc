"""Menus and home cards of the PAR Index pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from parsipas.accounts import policy
from parsipas.accounts.models import Role
from parsipas.front import nav

nav.register("Chỉ số PAR", "par_projection", (Role.ADMIN, Role.VIEWER, Role.LEAD), order=60)
nav.register("Tự đánh giá", "par_self_home", (Role.UNIT, Role.LEAD), order=65)
nav.register("Bộ tiêu chí", "par_frameworks", (Role.ADMIN,), order=50, section="admin")
nav.register("Tổ thẩm định", "par_team", (Role.ADMIN,), order=55, section="admin")
# The self-assessment dossier: the menu is by role, so the admin gets the entry and the reform
# office's leads (Sở Nội vụ, Văn phòng UBND tỉnh) a home card (`dossier_cards`).
nav.register("Hồ sơ tự đánh giá", "par_dossier_home", (Role.ADMIN,), order=62)


def par_cards(user: Any) -> list[nav.Card]:
    from parsipas.par.assessments import unit_scope
    from parsipas.par.models import Framework, UnitAssessment

    cards: list[nav.Card] = []
    if policy.is_appraiser(user):
        waiting = UnitAssessment.objects.filter(
            status__in=[UnitAssessment.Status.SUBMITTED, UnitAssessment.Status.ANSWERED],
            framework__published_at__isnull=True,
        ).count()
        cards.append(
            nav.Card(
                "Thẩm định Chỉ số CCHC nội bộ",
                "Bản tự đánh giá của các cơ quan, xã, phường chờ Tổ thẩm định.",
                reverse("par_appraisal_queue"),
                "Mở danh sách thẩm định",
                tone="warn" if waiting else "info",
                order=45,
                figures=[("Chờ thẩm định / chốt", waiting)],
            )
        )
    unit = getattr(user, "unit", None)
    if unit is not None and policy.can_self_assess(user, unit):
        scope = unit_scope(unit)
        open_fw = Framework.objects.filter(
            scope=scope, window_open=True, published_at__isnull=True
        ).first()
        if open_fw is not None and open_fw.accepts_self_assessment():
            assessment = UnitAssessment.objects.filter(framework=open_fw, unit=unit).first()
            if assessment is None or assessment.status == UnitAssessment.Status.DRAFT:
                deadline = (
                    f" Hạn: {open_fw.window_deadline:%d/%m/%Y}." if open_fw.window_deadline else ""
                )
                cards.append(
                    nav.Card(
                        f"Tự đánh giá Chỉ số CCHC năm {open_fw.year}",
                        f"Đợt tự đánh giá đang mở.{deadline}",
                        reverse("par_self_assess", args=[open_fw.pk]),
                        "Tự đánh giá",
                        tone="warn",
                        order=40,
                    )
                )
    return cards


nav.register_home(par_cards)


def dossier_cards(user: Any) -> list[nav.Card]:
    if not policy.can_assemble_par_dossier(user):
        return []
    return [
        nav.Card(
            "Hồ sơ tự đánh giá Chỉ số CCHC",
            "Điểm tự đánh giá, giải trình và tài liệu kiểm chứng từng tiêu chí gửi Bộ Nội vụ.",
            reverse("par_dossier_home"),
            "Mở hồ sơ",
            tone="info",
            order=48,
        )
    ]


nav.register_home(dossier_cards)
