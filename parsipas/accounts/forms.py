from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password

from parsipas.accounts import lockout
from parsipas.accounts.models import User
from parsipas.audit.middleware import client_ip
from parsipas.units.models import Unit


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.",
        "locked": "Đăng nhập sai quá nhiều lần. Tài khoản tạm khóa, hãy thử lại sau {minutes} phút.",
    }

    def clean(self) -> dict[str, Any]:
        from django.conf import settings

        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request else None
        if username and not lockout.attempt(username, ip):
            raise forms.ValidationError(
                self.error_messages["locked"].format(minutes=settings.LOGIN_LOCKOUT_MINUTES),
                code="locked",
            )
        return super().clean()


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label="Mật khẩu",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="Bắt buộc khi tạo mới; để trống nếu không đổi.",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "role", "unit", "is_active"]
        labels = {"username": "Tên đăng nhập", "is_active": "Đang hoạt động"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = Unit.objects.active().order_by(
            "kind", "name"
        )
        self.fields["unit"].required = False

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if not self.instance.pk and not password:
            raise forms.ValidationError("Hãy đặt mật khẩu cho tài khoản mới.")
        if password:
            validate_password(password, self.instance)
        return password

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user


class AdminSetPasswordForm(SetPasswordForm):
    pass


class UserImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách người dùng (Excel .xlsx hoặc CSV)",
        help_text="Các cột: Họ tên, Email, Mã đơn vị, Vai trò; có thể thêm Tên đăng nhập.",
    )
