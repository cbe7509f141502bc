"""The admin's list of reform news shown on the public page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from parsipas.accounts import policy
from parsipas.accounts.http import AuthenticatedHttpRequest
from parsipas.public import cache as public_cache
from parsipas.public.forms import NewsForm
from parsipas.public.models import NewsItem


@policy.login_required
def news_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    policy.require(policy.can_manage_news(request.user))
    page = Paginator(NewsItem.objects.all(), 30).get_page(request.GET.get("page"))
    return render(request, "public/news_list.html", {"page": page})


@policy.login_required
def news_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    policy.require(policy.can_manage_news(request.user))
    item = get_object_or_404(NewsItem, pk=pk) if pk else NewsItem(created_by=request.user)
    form = NewsForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        public_cache.invalidate()
        messages.success(request, "Đã lưu tin.")
        return redirect("news_list")
    return render(
        request,
        "dashboards/periodic_form.html",
        {"form": form, "title": "Sửa tin" if pk else "Thêm tin cải cách hành chính", "item": item},
    )


@require_POST
@policy.login_required
def news_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    policy.require(policy.can_manage_news(request.user))
    get_object_or_404(NewsItem, pk=pk).delete()
    public_cache.invalidate()
    messages.success(request, "Đã xóa tin.")
    return redirect("news_list")
