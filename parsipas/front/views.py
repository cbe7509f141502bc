from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.front import nav

ROLE_INTRO = {
    "admin": "Bạn quản lý kế hoạch, danh mục đơn vị, người dùng và các kỳ báo cáo của toàn tỉnh.",
    "lead": "Bạn theo dõi các tiêu chí đơn vị mình chủ trì, duyệt báo cáo của các đơn vị và tổng hợp.",
    "unit": "Bạn báo cáo tiến độ các nhiệm vụ được giao cho đơn vị mình trong từng kỳ.",
    "viewer": "Bạn xem tình hình thực hiện kế hoạch và các chỉ số của toàn tỉnh.",
}


@policy.login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "front/home.html",
        {"cards": nav.home_cards(request.user), "intro": ROLE_INTRO.get(request.user.role, "")},
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
