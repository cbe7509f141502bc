from django.urls import path

from parsipas.par.views import frameworks, internal, province

urlpatterns = [
    path("", internal.home, name="par_home"),
    # the province's PAR Index
    path("du-bao/", province.projection, name="par_projection"),
    path("diem-co-nguy-co/", province.at_risk, name="par_at_risk"),
    path("gia-dinh/", province.what_if, name="par_what_if"),
    path("so-sanh/", province.history, name="par_history"),
    path("uoc-tinh/<int:criterion_id>/", province.estimate_edit, name="par_estimate"),
    path(
        "uoc-tinh/theo-nam-truoc/",
        province.estimates_from_last_year,
        name="par_estimates_from_last_year",
    ),
    path("ket-qua-cong-bo/them/", province.published_edit, name="par_published_create"),
    path("ket-qua-cong-bo/<int:year>/", province.published_edit, name="par_published_edit"),
    # frameworks (admin)
    path("bo-tieu-chi/", frameworks.framework_list, name="par_frameworks"),
    path("bo-tieu-chi/nhap/", frameworks.framework_import, name="par_framework_import"),
    path("bo-tieu-chi/<int:pk>/", frameworks.framework_detail, name="par_framework"),
    path("bo-tieu-chi/<int:pk>/xuat.csv", frameworks.framework_export, name="par_framework_export"),
    path(
        "bo-tieu-chi/<int:pk>/tieu-chi/them/",
        frameworks.criterion_edit,
        name="par_criterion_create",
    ),
    path(
        "bo-tieu-chi/<int:pk>/tieu-chi/<int:cid>/",
        frameworks.criterion_edit,
        name="par_criterion_edit",
    ),
    path(
        "bo-tieu-chi/<int:pk>/tieu-chi/<int:cid>/xoa/",
        frameworks.criterion_delete,
        name="par_criterion_delete",
    ),
    path("bo-tieu-chi/<int:pk>/dot-danh-gia/", frameworks.window_edit, name="par_window"),
    path("bo-tieu-chi/<int:pk>/cong-bo/", frameworks.publish, name="par_publish"),
    path("to-tham-dinh/", frameworks.team, name="par_team"),
    # the internal index
    path("tu-danh-gia/", internal.self_home, name="par_self_home"),
    path("tu-danh-gia/<int:pk>/", internal.self_assess, name="par_self_assess"),
    path(
        "tu-danh-gia/<int:pk>/<slug:unit_code>/", internal.self_assess, name="par_self_assess_unit"
    ),
    path("tham-dinh/", internal.appraisal_queue, name="par_appraisal_queue"),
    path("tham-dinh/<int:pk>/<slug:unit_code>/", internal.appraise, name="par_appraise"),
    path("xep-hang/<int:pk>/", internal.ranking, name="par_ranking"),
    path("tai-lieu/<int:evidence_id>/", internal.evidence_download, name="par_evidence"),
]
