"""Where each register is and who keeps it, with this year's figures from the rows."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.registers.figures import RegisterSource
from parsipas.registers.views.common import year_of
from parsipas.reporting.computed import Window

REGISTERS = (
    ("registers_inspections", "Kiểm tra CCHC và khắc phục", "1.3, 1.4, 4.8, 4.9",
     "Sở Nội vụ (Thanh tra tỉnh, Văn phòng UBND tỉnh cùng theo dõi 1.4)",
     "Kế hoạch kiểm tra của năm, từng cuộc kiểm tra với thông báo kết luận, vấn đề phát hiện, "
     "kế hoạch và kết quả khắc phục của đơn vị."),
    ("registers_initiatives", "Sáng kiến CCHC", "1.6", "Sở Nội vụ",
     "Sáng kiến do đơn vị đề xuất, được UBND tỉnh công nhận hoặc Trung ương cho thí điểm, nhân rộng."),
    ("registers_tasks", "Nhiệm vụ Chính phủ, Thủ tướng giao", "1.8", "Văn phòng UBND tỉnh",
     "Văn bản giao, đơn vị được giao, hạn, kết quả; nhập từ Hệ thống theo dõi nhiệm vụ."),
    ("registers_procedures", "TTHC liên thông", "3.7", "Văn phòng UBND tỉnh",
     "TTHC, nhóm TTHC giải quyết liên thông cùng cấp và giữa các cấp, với quyết định công bố."),
)  # fmt: skip


@policy.login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_view_registers(request.user))
    year = year_of(request)
    figures = (
        RegisterSource().province_figures(Window.of_year(year))
        if policy.can_view_all_register_rows(request.user)
        else []
    )
    return render(
        request,
        "registers/home.html",
        {"year": year, "registers": REGISTERS, "figures": figures},
    )
