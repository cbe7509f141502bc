from django.urls import path

from parsipas.dossiers import views

urlpatterns = [
    path("", views.dossier_home, name="dossier_home"),
    path("don-vi/<slug:code>/", views.dossier_unit, name="dossier_unit"),
    path("don-vi/<slug:code>/danh-sach/", views.dossier_list, name="dossier_list"),
    path("766/", views.q766_home, name="q766_home"),
    path("766/<slug:code>/", views.q766_unit, name="q766_unit"),
    path("nhap/", views.dossier_import, name="dossier_import"),
    path("nhap-766/", views.portal_import, name="portal_import"),
    path("nhap-danh-muc-tthc/", views.catalogue_import, name="catalogue_import"),
    path("cach-tinh-hai-long/", views.satisfaction_rule, name="satisfaction_rule"),
]
