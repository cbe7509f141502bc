from django.urls import path

from parsipas.petitions.views import dialogues, public, staff

urlpatterns = [
    path("phan-anh/", public.petition_form, name="petition_form"),
    path("phan-anh/tra-cuu/", public.lookup, name="petition_lookup"),
    path("phan-anh/tra-cuu/<str:code>/<str:key>/", public.sender_view, name="petition_sender"),
    path("phan-anh/quan-ly/", staff.petition_list, name="petition_list"),
    path("phan-anh/quan-ly/them/", staff.petition_create, name="petition_create"),
    path("phan-anh/quan-ly/nhap/", staff.petition_import, name="petition_import"),
    path("phan-anh/quan-ly/xuat.xlsx", staff.petition_export, name="petition_export"),
    path("phan-anh/quan-ly/so-lieu/", staff.figures_page, name="petition_figures"),
    path("phan-anh/quan-ly/<str:code>/", staff.petition_detail, name="petition_detail"),
    path(
        "phan-anh/quan-ly/<str:code>/tep/<int:pk>/",
        staff.attachment_download,
        name="petition_attachment",
    ),
    path("phan-anh/quan-ly/<str:code>/<slug:action>/", staff.petition_act, name="petition_act"),
    path("doi-thoai/", dialogues.dialogue_list, name="dialogue_list"),
    path("doi-thoai/<int:pk>/", dialogues.dialogue_detail, name="dialogue_detail"),
    path("doi-thoai/de-xuat/<int:pk>/tra-loi/", dialogues.proposal_answer, name="proposal_answer"),
]
