from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone

from parsipas.par.framework_io import PLAN_CODE, split_plan_codes
from parsipas.par.models import Criterion, Estimate, Framework, PublishedResult, Scope
from parsipas.par.scoring import ScoringError, check_params, to_decimal


def current_year() -> int:
    return timezone.localdate().year


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label="Tệp bộ tiêu chí (CSV hoặc Excel .xlsx)")
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100, initial=current_year)
    scope = forms.ChoiceField(label="Phạm vi", choices=Scope.choices)
    title = forms.CharField(label="Tên bộ tiêu chí", max_length=300, required=False)
    illustrative = forms.BooleanField(
        label="Điểm chỉ để minh họa (chưa phải bảng điểm chính thức)", required=False
    )


class DecimalText(forms.CharField):
    """A number typed the Vietnamese way ("1,25") or the other ("1.25")."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return to_decimal(text)
        except ScoringError as exc:
            raise forms.ValidationError(f"'{text}' không phải là số.") from exc


class CriterionForm(forms.ModelForm):
    params_text = forms.CharField(
        label="Tham số (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text='Ví dụ: binary {"op": ">=", "target": 98}; ratio {"full_at": 100}; '
        'tiers {"tiers": [[100, 1], [80, 0.5], [0, 0]]}; deduct {"per": 0.5}.',
    )
    plan_codes_text = forms.CharField(
        label="Tiêu chí kế hoạch liên quan",
        required=False,
        help_text="Mã tiêu chí của kế hoạch, cách nhau bằng dấu chấm phẩy, ví dụ PAR:3.8; SIPAS:2.",
    )
    max_points = DecimalText(
        label="Điểm tối đa",
        required=False,
        help_text="Nhóm: để trống, tự bằng tổng các tiêu chí con.",
    )

    class Meta:
        model = Criterion
        fields = [
            "code",
            "parent",
            "title",
            "method",
            "source",
            "evidence_required",
            "applies_to",
            "guidance",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "guidance": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        groups = framework.criteria.filter(method=Criterion.Method.GROUP)
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = groups.order_by("order")
        self.fields["parent"].required = False
        if self.instance.pk:
            self.fields["params_text"].initial = (
                json.dumps(self.instance.params, ensure_ascii=False) if self.instance.params else ""
            )
            self.fields["plan_codes_text"].initial = "; ".join(self.instance.plan_codes or [])
            self.fields["max_points"].initial = self.instance.max_points.normalize()
            if self.instance.children.exists():
                self.fields["method"].disabled = True

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        clash = self.framework.criteria.filter(code=code)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"Mã '{code}' đã có trong bộ tiêu chí.")
        return code

    def clean_params_text(self) -> dict[str, Any]:
        text = self.cleaned_data.get("params_text", "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(
                f"JSON không hợp lệ ({exc.msg}, ký tự {exc.pos + 1})."
            ) from exc
        if not isinstance(value, dict):
            raise forms.ValidationError('Phải là một đối tượng JSON dạng {"khóa": giá trị}.')
        return value

    def clean_plan_codes_text(self) -> list[str]:
        codes = split_plan_codes(self.cleaned_data.get("plan_codes_text", ""))
        bad = [c for c in codes if not PLAN_CODE.match(c)]
        if bad:
            raise forms.ValidationError(f"Mã không đúng dạng: {', '.join(bad)} (ví dụ PAR:3.8).")
        return codes

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        method = data.get("method") or self.instance.method
        if method != Criterion.Method.GROUP:
            if data.get("max_points") is None or data["max_points"] <= 0:
                self.add_error("max_points", "Tiêu chí cần điểm tối đa lớn hơn 0.")
            for problem in check_params(method, data.get("params_text") or {}):
                self.add_error("params_text", problem)
        return data

    def save(self, commit: bool = True) -> Criterion:
        criterion = super().save(commit=False)
        criterion.framework = self.framework
        criterion.params = self.cleaned_data["params_text"]
        criterion.plan_codes = self.cleaned_data["plan_codes_text"]
        criterion.max_points = self.cleaned_data.get("max_points") or Decimal(0)
        return criterion


class FrameworkSettingsForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["title", "illustrative", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class WindowForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["window_open", "window_deadline"]
        widgets = {"window_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class EstimateForm(forms.ModelForm):
    value = DecimalText(label="Giá trị ước tính")

    class Meta:
        model = Estimate
        fields = ["value", "overrides", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean_value(self) -> Decimal:
        value = self.cleaned_data.get("value")
        if value is None:
            raise forms.ValidationError("Hãy nhập giá trị.")
        return value


class PublishedResultForm(forms.ModelForm):
    points = DecimalText(label="Tổng điểm")
    max_points = DecimalText(label="Điểm tối đa")

    class Meta:
        model = PublishedResult
        fields = ["year", "points", "max_points", "rank", "rank_of", "source", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class TeamMemberForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập của cán bộ", max_length=150)
