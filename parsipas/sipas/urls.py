from django.urls import path

from parsipas.sipas.views import collect, config, public, qrcodes, results

urlpatterns = [
    # results
    path("", results.dashboard, name="sipas_dashboard"),
    path("xuat.csv", results.export_units, name="sipas_export"),
    path("don-vi/", results.my_unit, name="sipas_my_unit"),
    path("don-vi/<slug:code>/", results.unit_results, name="sipas_unit"),
    path("co-mau/", results.sample_planner, name="sipas_sample"),
    # collection by staff
    path("ma-qr/", qrcodes.qr_codes, name="sipas_qr_codes"),
    path("ma-qr/in/", qrcodes.print_sheets, name="sipas_qr_print"),
    path("don-vi/<slug:code>/quay/", collect.desks, name="sipas_desks"),
    path("don-vi/<slug:code>/quay/<slug:desk>/sua/", collect.desk_edit, name="sipas_desk_edit"),
    path("don-vi/<slug:code>/quay/<slug:desk>/in/", collect.desk_print, name="sipas_desk_print"),
    path("don-vi/<slug:code>/qr.<str:fmt>", collect.qr_image, name="sipas_unit_qr"),
    path(
        "don-vi/<slug:code>/quay/<slug:desk>/qr.<str:fmt>",
        collect.qr_image,
        name="sipas_desk_qr",
    ),
    path("don-vi/<slug:code>/kiosk/", collect.kiosk_enrol, name="sipas_kiosk_enrol"),
    path("don-vi/<slug:code>/phieu-giay/", collect.paper_entry, name="sipas_paper"),
    path("nhap/", collect.import_responses_view, name="sipas_import"),
    path("phieu/", collect.responses, name="sipas_responses"),
    path("phieu/<int:pk>/", collect.response_detail, name="sipas_response"),
    # configuration
    path("bo-cau-hoi/", config.instruments, name="sipas_instruments"),
    path("bo-cau-hoi/them/", config.instrument_edit, name="sipas_instrument_create"),
    path("bo-cau-hoi/<slug:code>/", config.instrument_edit, name="sipas_instrument"),
    path("bo-cau-hoi/<slug:code>/cau-hoi/", config.questions_edit, name="sipas_questions"),
    path("thang-do/them/", config.scale_edit, name="sipas_scale_create"),
    path("thang-do/<slug:code>/", config.scale_edit, name="sipas_scale"),
    path("chi-tieu/", config.targets, name="sipas_targets"),
    # public
    path("khao-sat/", public.choose_unit, name="sipas_public_index"),
    path("khao-sat/<slug:code>/", public.survey_form, name="sipas_form"),
    path("khao-sat/<slug:code>/kiosk/", public.kiosk_form, name="sipas_kiosk"),
    path("khao-sat/<slug:code>/cam-on/", public.thanks, name="sipas_thanks"),
]
