from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from parsipas.sipas.models import (
    Desk,
    Element,
    Instrument,
    Question,
    Scale,
    ScaleChoice,
    SipasTarget,
)
from parsipas.sipas.survey import parse_condition


class DeskForm(forms.ModelForm):
    class Meta:
        model = Desk
        fields = ["code", "name", "location", "active"]

    def __init__(self, *args: Any, unit: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        clash = Desk.objects.filter(unit=self.unit, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Đơn vị đã có quầy mang mã này.")
        return code


class PaperMetaForm(forms.Form):
    """What a keyed-in paper form carries besides its answers."""

    paper_number = forms.CharField(
        label="Số phiếu giấy",
        max_length=40,
        help_text="Số ghi trên phiếu (hoặc số thứ tự khi nhập), để đối chiếu và tránh nhập trùng.",
    )
    answered_on = forms.DateField(
        label="Ngày người dân điền phiếu",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    desk = forms.ModelChoiceField(label="Quầy", queryset=Desk.objects.none(), required=False)

    def __init__(self, *args: Any, unit: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["desk"]).queryset = Desk.objects.filter(
            unit=unit, active=True
        )
        self.unit = unit

    def clean_answered_on(self) -> Any:
        day = self.cleaned_data["answered_on"]
        today = timezone.localdate()
        if day > today:
            raise forms.ValidationError("Ngày điền phiếu không thể ở tương lai.")
        if day.year < today.year - 1:
            raise forms.ValidationError("Phiếu quá cũ (trước năm ngoái).")
        return day

    def clean_paper_number(self) -> str:
        from parsipas.sipas.models import Response

        number = self.cleaned_data["paper_number"].strip()
        if Response.objects.filter(unit=self.unit, paper_number=number).exists():
            raise forms.ValidationError(f"Phiếu giấy số {number} của đơn vị đã được nhập.")
        return number


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp CSV hoặc Excel (.xlsx)",
        help_text="Cột bắt buộc: respondent_id, unit_code, submitted_at; mỗi câu hỏi một cột theo mã (E1.1, E1.2, …, P1, K1). "
        "Không bắt buộc: age_group, sex, respondent_type, procedure, comment. Tối đa 20 MB.",
    )
    source = forms.CharField(
        label="Nguồn dữ liệu",
        max_length=200,
        required=False,
        help_text="Ví dụ: xuất từ Google Forms, phiếu của Bưu điện tỉnh.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Lý do", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = [
            "code",
            "name",
            "intro",
            "thanks",
            "is_current",
            "scale_max",
            "satisfied_from",
            "ask_respondent_type",
            "ask_age_group",
            "ask_sex",
            "ask_procedure",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (
            data.get("satisfied_from")
            and data.get("scale_max")
            and data["satisfied_from"] > data["scale_max"]
        ):
            self.add_error("satisfied_from", "Mức hài lòng phải nằm trong thang đo.")
        return data


ElementFormSet = forms.inlineformset_factory(
    Instrument,
    Element,
    fields=["code", "name", "short_name", "order", "weight"],
    extra=1,
    can_delete=True,
)


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "order",
            "code",
            "kind",
            "element",
            "text",
            "help",
            "scale",
            "max_choices",
            "show_if",
            "active",
        ]
        widgets = {
            "show_if": forms.TextInput(attrs={"style": "width:6rem", "placeholder": "P4=3"}),
            "order": forms.NumberInput(attrs={"style": "width:5rem"}),
            "max_choices": forms.NumberInput(attrs={"style": "width:4rem"}),
            "code": forms.TextInput(attrs={"style": "width:6rem"}),
        }

    def __init__(self, *args: Any, instrument: Instrument | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["element"]).queryset = Element.objects.filter(
            instrument=instrument
        )

    def clean_kind(self) -> str:
        kind = self.cleaned_data["kind"]
        if self.instance.pk and kind != self.instance.kind and self.instance.answers.exists():
            raise forms.ValidationError("Câu hỏi đã có câu trả lời: không đổi được loại câu hỏi.")
        return kind


class BaseQuestionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        """Skip logic: a condition names an earlier question of this instrument and values on
        its scale; a question never depends on itself or on a later one."""
        super().clean()
        kept = [
            f
            for f in self.forms
            if f.is_valid() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        by_code = {f.cleaned_data["code"]: f.cleaned_data for f in kept}
        for f in kept:
            data = f.cleaned_data
            try:
                condition = parse_condition(data.get("show_if", ""))
            except ValueError as exc:
                f.add_error("show_if", str(exc))
                continue
            if condition is None:
                continue
            source = by_code.get(condition.code)
            if source is None:
                f.add_error("show_if", f"Không có câu {condition.code} trong bộ câu hỏi.")
            elif condition.code == data["code"]:
                f.add_error("show_if", "Câu hỏi không thể phụ thuộc chính nó.")
            elif source["order"] >= data["order"]:
                f.add_error("show_if", f"Câu {condition.code} phải đứng trước câu {data['code']}.")
            else:
                values = set(source["scale"].choices.values_list("value", flat=True))
                wrong = sorted(condition.values - values)
                if wrong:
                    f.add_error(
                        "show_if",
                        f"Câu {condition.code} không có lựa chọn {', '.join(map(str, wrong))}.",
                    )
                else:
                    data["show_if"] = condition.text
                    f.instance.show_if = condition.text


QuestionFormSet = forms.inlineformset_factory(
    Instrument,
    Question,
    form=QuestionForm,
    formset=BaseQuestionFormSet,
    extra=2,
    can_delete=True,
)


class ScaleForm(forms.ModelForm):
    class Meta:
        model = Scale
        fields = ["code", "name"]


ChoiceFormSet = forms.inlineformset_factory(
    Scale, ScaleChoice, fields=["order", "value", "label"], extra=2, can_delete=True
)


class TargetForm(forms.ModelForm):
    class Meta:
        model = SipasTarget
        fields = ["year", "element", "pct", "note"]
