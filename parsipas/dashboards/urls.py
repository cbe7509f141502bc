from django.urls import path

from parsipas.dashboards.views import dashboards, periodic

urlpatterns = [
    # dashboards
    path("tong-quan/", dashboards.province, name="dashboard_province"),
    path("tong-quan/tieu-chi/<int:node_id>/", dashboards.criterion, name="dashboard_criterion"),
    path("tong-quan/chu-tri/", dashboards.lead, name="dashboard_lead"),
    path("viec-cua-don-vi/", dashboards.unit, name="dashboard_unit"),
    path("viec-cua-don-vi/<slug:code>/", dashboards.unit, name="dashboard_unit_of"),
    # the periodic report (Word) and its appendix (Excel)
    path("bao-cao-dinh-ky/", periodic.index, name="periodic_report"),
    path("bao-cao-dinh-ky/thong-tin-van-ban/", periodic.letterhead, name="periodic_letterhead"),
    path(
        "bao-cao-dinh-ky/<int:year>/<str:code>/noi-dung/",
        periodic.narrative,
        name="periodic_narrative",
    ),
    path("bao-cao-dinh-ky/<int:year>/<str:code>/bao-cao.docx", periodic.docx, name="periodic_docx"),
    path("bao-cao-dinh-ky/<int:year>/<str:code>/phu-luc.xlsx", periodic.xlsx, name="periodic_xlsx"),
]
