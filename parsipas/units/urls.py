from django.urls import path

from parsipas.units import views

urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("them/", views.unit_edit, name="unit_create"),
    path("nhap/", views.unit_import, name="unit_import"),
    path("xuat.<str:fmt>", views.unit_export, name="unit_export"),
    path("<slug:code>/sua/", views.unit_edit, name="unit_edit"),
]
