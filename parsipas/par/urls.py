from django.urls import path

from parsipas.par.views import dossier, frameworks, internal, province

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
    # the year-end self-assessment dossier (issue 18)
    path("ho-so/", dossier.home, name="par_dossier_home"),
    path("ho-so/<int:year>/", dossier.dossier_page, name="par_dossier"),
    path("ho-so/<int:year>/tieu-chi/<int:cid>/", dossier.criterion_edit, name="par_dossier_edit"),
    path("ho-so/<int:year>/tieu-chi/<int:cid>/tai-len/", dossier.upload, name="par_dossier_upload"),
    path("ho-so/<int:year>/tieu-chi/<int:cid>/chon/", dossier.pick, name="par_dossier_pick"),
    path("ho-so/<int:year>/tieu-chi/<int:cid>/bo/", dossier.exclude, name="par_dossier_exclude"),
    path("ho-so/<int:year>/tai-lieu/<int:fid>/", dossier.hand_file, name="par_dossier_file"),
    path("ho-so/<int:year>/tai-lieu/<int:fid>/go/", dossier.remove_file, name="par_dossier_remove"),
    path(
        "ho-so/<int:year>/kien-nghi/", dossier.recommendations, name="par_dossier_recommendations"
    ),
    path("ho-so/<int:year>/chot/", dossier.freeze, name="par_dossier_freeze"),
    path("ho-so/<int:year>/xuat/", dossier.export_start, name="par_dossier_export_start"),
    path(
        "ho-so/<int:year>/phien-ban/<int:number>/",
        dossier.version_download,
        name="par_dossier_version",
    ),
    path("ho-so/tep-zip/<int:pk>/", dossier.export_status, name="par_dossier_export"),
    path("ho-so/tep-zip/<int:pk>/tao/", dossier.export_run, name="par_dossier_export_run"),
    path(
        "ho-so/tep-zip/<int:pk>/tai/", dossier.export_download, name="par_dossier_export_download"
    ),
]
