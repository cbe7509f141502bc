from django.urls import path

from parsipas.dashboards.views import dashboards, news, periodic, public

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
    # the public reform page (criterion 1.5)
    path("cong-khai/", public.page, name="public_page"),
    path("cong-khai/thong-ke.json", public.stats, name="public_stats"),
    path("cong-khai/nhip", public.beacon, name="public_beacon"),
    path("cong-khai/tin/<int:pk>/", public.news_item, name="public_news"),
    # news (admin)
    path("tin-cchc/", news.news_list, name="news_list"),
    path("tin-cchc/them/", news.news_edit, name="news_create"),
    path("tin-cchc/<int:pk>/", news.news_edit, name="news_edit"),
    path("tin-cchc/<int:pk>/xoa/", news.news_delete, name="news_delete"),
]
