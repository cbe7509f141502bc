from django.urls import path

from parsipas.plans import views

urlpatterns = [
    path("", views.plan_tree, name="plan_tree"),
    path("nhap/", views.import_upload, name="plan_import"),
    path("nhap/<int:pk>/", views.import_review, name="plan_import_review"),
    path("<int:year>/ban-hanh/", views.plan_publish, name="plan_publish"),
    path("<int:year>/xuat.<str:fmt>", views.plan_export, name="plan_export"),
    path("<int:year>/don-vi/<slug:code>/", views.unit_tasks, name="plan_unit_tasks"),
    path("<int:year>/<str:index>/<str:code>/", views.criterion_detail, name="plan_criterion"),
    path(
        "<int:year>/<str:index>/<str:code>/sua/", views.criterion_edit, name="plan_criterion_edit"
    ),
]
