"""The table of contents: one prefix per domain app."""

from django.urls import include, path

urlpatterns = [
    path("", include("parsipas.front.urls")),
    path("tai-khoan/", include("parsipas.accounts.urls")),
    path("don-vi/", include("parsipas.units.urls")),
    path("nhat-ky/", include("parsipas.audit.urls")),
    path("ke-hoach/", include("parsipas.plans.urls")),
]

handler403 = "parsipas.front.views.error_403"
handler404 = "parsipas.front.views.error_404"
handler500 = "parsipas.front.views.error_500"
