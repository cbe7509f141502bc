from __future__ import annotations

from django import forms

from parsipas.workcalendar.models import DayArrangement


class ArrangementForm(forms.ModelForm):
    class Meta:
        model = DayArrangement
        fields = ["date", "kind", "reason", "source"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "reason": "Ví dụ: Nghỉ bù dịp Quốc khánh; Làm bù cho ngày nghỉ 02/01.",
            "source": "Số, ngày văn bản thông báo (nếu có).",
        }
