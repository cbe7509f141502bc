from django.urls import path

from parsipas.sipas import views_collect, views_config, views_public, views_results

urlpatterns = [
    # results
    path("", views_results.dashboard, name="sipas_dashboard"),
    path("xuat.csv", views_results.export_units, name="sipas_export"),
    path("don-vi/", views_results.my_unit, name="sipas_my_unit"),
    path("don-vi/<slug:code>/", views_results.unit_results, name="sipas_unit"),
    path("co-mau/", views_results.sample_planner, name="sipas_sample"),
    # collection by staff
    path("don-vi/<slug:code>/quay/", views_collect.desks, name="sipas_desks"),
    path(
        "don-vi/<slug:code>/quay/<slug:desk>/sua/", views_collect.desk_edit, name="sipas_desk_edit"
    ),
    path(
        "don-vi/<slug:code>/quay/<slug:desk>/in/", views_collect.desk_print, name="sipas_desk_print"
    ),
    path("don-vi/<slug:code>/qr.<str:fmt>", views_collect.qr_image, name="sipas_unit_qr"),
    path(
        "don-vi/<slug:code>/quay/<slug:desk>/qr.<str:fmt>",
        views_collect.qr_image,
        name="sipas_desk_qr",
    ),
    path("don-vi/<slug:code>/kiosk/", views_collect.kiosk_enrol, name="sipas_kiosk_enrol"),
    path("don-vi/<slug:code>/phieu-giay/", views_collect.paper_entry, name="sipas_paper"),
    path("nhap/", views_collect.import_responses_view, name="sipas_import"),
    path("phieu/", views_collect.responses, name="sipas_responses"),
    path("phieu/<int:pk>/", views_collect.response_detail, name="sipas_response"),
    # configuration
    path("bo-cau-hoi/", views_config.instruments, name="sipas_instruments"),
    path("bo-cau-hoi/them/", views_config.instrument_edit, name="sipas_instrument_create"),
    path("bo-cau-hoi/<slug:code>/", views_config.instrument_edit, name="sipas_instrument"),
    path("bo-cau-hoi/<slug:code>/cau-hoi/", views_config.questions_edit, name="sipas_questions"),
    path("thang-do/them/", views_config.scale_edit, name="sipas_scale_create"),
    path("thang-do/<slug:code>/", views_config.scale_edit, name="sipas_scale"),
    path("chi-tieu/", views_config.targets, name="sipas_targets"),
    # public
    path("khao-sat/", views_public.choose_unit, name="sipas_public_index"),
    path("khao-sat/<slug:code>/", views_public.survey_form, name="sipas_form"),
    path("khao-sat/<slug:code>/kiosk/", views_public.kiosk_form, name="sipas_kiosk"),
    path("khao-sat/<slug:code>/cam-on/", views_public.thanks, name="sipas_thanks"),
]
