from django.urls import path

from parsipas.reporting.views import desk, notifications, periods, report, review

urlpatterns = [
    # the unit's desk
    path("", desk.report_desk, name="report_desk"),
    path("<int:year>/<str:code>/", desk.report_desk_period, name="report_desk_period"),
    path("<int:year>/<str:code>/excel/", desk.report_excel, name="report_excel"),
    path("<int:year>/<str:code>/excel/nhap/", desk.report_excel_upload, name="report_excel_upload"),
    # one report
    path(
        "<int:year>/<str:code>/nhiem-vu/<int:assignment_id>/",
        report.report_detail,
        name="report_detail",
    ),
    path(
        "<int:year>/<str:code>/nhiem-vu/<int:assignment_id>/gui/",
        report.report_submit,
        name="report_submit",
    ),
    path(
        "<int:year>/<str:code>/nhiem-vu/<int:assignment_id>/rut-lai/",
        report.report_withdraw,
        name="report_withdraw",
    ),
    path(
        "<int:year>/<str:code>/nhiem-vu/<int:assignment_id>/duyet/",
        report.report_review,
        name="report_review",
    ),
    path(
        "<int:year>/<str:code>/nhiem-vu/<int:assignment_id>/mo-lai/",
        report.report_reopen,
        name="report_reopen",
    ),
    path("tai-lieu/<int:pk>/", report.evidence_download, name="evidence_download"),
    path("tai-lieu/<int:pk>/xoa/", report.evidence_delete, name="evidence_delete"),
    path("tai-lieu/<int:pk>/thong-tin/", report.evidence_meta, name="evidence_meta"),
    path("tai-lieu/doc-ten-tep/", report.document_guess, name="evidence_guess"),
    # leads and the province
    path("duyet/", review.review_queue, name="review_queue"),
    path("duyet/chap-nhan/", review.review_bulk, name="review_bulk"),
    path(
        "<int:year>/<str:code>/nhac/<int:node_id>/<slug:unit_code>/",
        review.nudge_unit,
        name="nudge_unit",
    ),
    path(
        "<int:year>/<str:code>/tong-hop/<int:node_id>/",
        review.criterion_compilation,
        name="criterion_compilation",
    ),
    path("tong-hop/", review.rollup_view, name="rollups"),
    path(
        "<int:year>/<str:code>/chi-tieu/<int:target_id>/",
        review.province_figure,
        name="province_figure",
    ),
    # admin
    path("ky/", periods.period_list, name="period_list"),
    path("ky/tao/", periods.period_create, name="period_create"),
    path("ky/nam/", periods.working_year, name="working_year"),
    path("ky/<int:pk>/sua/", periods.period_edit, name="period_edit"),
    # the bell
    path("thong-bao/", notifications.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("thong-bao/doc-het/", notifications.notification_read_all, name="notification_read_all"),
]
