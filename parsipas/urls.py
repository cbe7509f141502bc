"""The table of contents: one prefix per domain app."""

from django.urls import include, path

urlpatterns = [
    path("", include("parsipas.front.urls")),
    path("tai-khoan/", include("parsipas.accounts.urls")),
    path("don-vi/", include("parsipas.units.urls")),
    path("nhat-ky/", include("parsipas.audit.urls")),
    path("lich-lam-viec/", include("parsipas.workcalendar.urls")),
    path("ke-hoach/", include("parsipas.plans.urls")),
    path("bao-cao/", include("parsipas.reporting.urls")),
    path("ho-so/", include("parsipas.dossiers.urls")),
    path("par/", include("parsipas.par.urls")),
    path("sipas/", include("parsipas.sipas.urls")),
    path("so-theo-doi/", include("parsipas.registers.urls")),
    path("", include("parsipas.petitions.urls")),
    path("api/", include("parsipas.api.urls")),
    path("", include("parsipas.dashboards.urls")),
    path("", include("parsipas.public.urls")),
]

handler403 = "parsipas.front.views.error_403"
handler404 = "parsipas.front.views.error_404"
handler500 = "parsipas.front.views.error_500"
