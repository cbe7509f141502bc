from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from parsipas.api.models import Scope, TokenRole
from parsipas.units.models import Unit


class TokenForm(forms.Form):
    label = forms.CharField(
        label="Nhãn",
        max_length=100,
        help_text="Tên hệ thống tích hợp, ví dụ: «Một cửa điện tử — Sở Tư pháp».",
    )
    unit = forms.ModelChoiceField(
        label="Đơn vị", queryset=Unit.objects.active().order_by("kind", "name")
    )
    role = forms.ChoiceField(
        label="Vai trò",
        choices=TokenRole.choices,
        initial=TokenRole.UNIT,
        help_text="Đơn vị: chỉ dữ liệu của đơn vị. Cơ quan chủ trì: thêm tiến độ toàn tỉnh và duyệt "
        "báo cáo các tiêu chí đơn vị chủ trì. Toàn tỉnh, chỉ đọc: mọi đơn vị, không ghi.",
    )
    scopes = forms.MultipleChoiceField(
        label="Phạm vi",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.READ],
    )
    expires = forms.DateField(
        label="Hết hạn ngày",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Để trống: không hết hạn (vẫn thu hồi được bất cứ lúc nào).",
    )

    def expires_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("expires")
        return end_of_day(day) if day else None


def end_of_day(day: dt.date) -> dt.datetime:
    """A date typed by a person means 'valid through that day', in the province's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))
