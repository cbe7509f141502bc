from django.contrib.auth import views as auth_views
from django.urls import path

from parsipas.accounts import views

urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ho-so/", views.profile, name="profile"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "dat-lai/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("nguoi-dung/", views.user_list, name="user_list"),
    path("nguoi-dung/them/", views.user_edit, name="user_create"),
    path("nguoi-dung/<int:pk>/", views.user_edit, name="user_edit"),
    path("nguoi-dung/<int:pk>/mo-khoa/", views.user_unlock, name="user_unlock"),
    path("nguoi-dung/nhap/", views.user_import, name="user_import"),
    path("nguoi-dung/nhap/tao/", views.user_import_apply, name="user_import_apply"),
    path("nguoi-dung/nhap/mau.xlsx", views.user_import_template, name="user_import_template"),
]
