from __future__ import annotations

import mimetypes

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.front import guides, nav

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


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    from django.core.exceptions import BadRequest

    # Only our own BadRequest messages are shown (they name the parameter); others stay generic.
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"message": message}, status=400)


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


# --- user guides (docs/*.md inside the app) ---------------------------------------------------


@policy.login_required
def guide_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """/huong-dan/: the guide of the reader's own role."""
    from django.shortcuts import redirect

    return redirect("guide", guides.for_role(request.user.role).slug)


@policy.login_required
def guide(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    found = guides.BY_SLUG.get(slug)
    if found is None:
        raise Http404("Không có hướng dẫn này.")
    policy.require(policy.can_read_guide(request.user, found.role))
    body = guides.render(slug)
    if body is None:
        raise Http404("Không có hướng dẫn này.")
    return render(
        request,
        "front/guide.html",
        {
            "guide": found,
            "body": mark_safe(body),  # markdown-it with raw HTML off: the guide's own markup only
            "guides": guides.GUIDES,
            "own": guides.for_role(request.user.role),
            "office": guides.reform_office(),
        },
    )


@policy.login_required
def guide_image(request: AuthenticatedHttpRequest, name: str) -> HttpResponse:
    policy.require(policy.can_read_guide(request.user, request.user.role))
    path = guides.image_path(name)
    if path is None:
        raise Http404("Không có hình này.")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    # Guide screenshots are small (under 1 MB): read whole, so the view stays a plain HttpResponse.
    response = HttpResponse(path.read_bytes(), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
