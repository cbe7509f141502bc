from django.urls import path

from parsipas.workcalendar import views

urlpatterns = [
    path("", views.arrangement_list, name="workcalendar_list"),
    path("<int:pk>/xoa/", views.arrangement_delete, name="workcalendar_delete"),
]
