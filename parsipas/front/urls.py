from django.urls import path

from parsipas.front import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("huong-dan/", views.guide_home, name="guide_home"),
    path("huong-dan/anh/<str:name>", views.guide_image, name="guide_image"),
    path("huong-dan/<slug:slug>/", views.guide, name="guide"),
]
