from django.urls import path

from parsipas.imports import views

urlpatterns = [
    path("<int:pk>/", views.job_page, name="import_job"),
]
