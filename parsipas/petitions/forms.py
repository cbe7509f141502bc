from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator

from parsipas.petitions.models import Channel, Dialogue, Proposal, Subject
from parsipas.units.models import Unit

PHONE = RegexValidator(r"^[0-9 +().-]{8,20}$", "Số điện thoại không hợp lệ.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _unit_choices() -> list[Any]:
    """Active units grouped by kind — read each time the form is drawn, not at import."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for u in Unit.objects.active().order_by("kind", "name"):
        groups.setdefault(u.get_kind_display(), []).append((u.pk, u.name))
    return [("", "— Chọn cơ quan, địa phương —"), *groups.items()]


class UnitChoiceField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, choices=_unit_choices, **kwargs)


class SenderFields(forms.Form):
    sender_name = forms.CharField(label="Họ và tên", max_length=200, required=False)
    sender_phone = forms.CharField(
        label="Số điện thoại", max_length=20, required=False, validators=[PHONE]
    )
    sender_email = forms.EmailField(label="Thư điện tử", required=False)


class PublicPetitionForm(SenderFields):
    unit = UnitChoiceField(label="Cơ quan, địa phương bạn phản ánh")
    procedure = forms.CharField(
        label="Thủ tục hành chính (nếu có)",
        max_length=300,
        required=False,
        help_text="Ví dụ: Đăng ký khai sinh; Cấp giấy phép xây dựng.",
        widget=forms.TextInput(attrs={"list": "procedure-list", "autocomplete": "off"}),
    )
    content = forms.CharField(
        label="Nội dung phản ánh, kiến nghị",
        max_length=5000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Việc gì đã xảy ra, ở đâu, khi nào. Tối đa 5.000 ký tự.",
    )
    # a declared field: the form's metaclass moves it into base_fields, so BaseForm.files (the
    # bound uploads) is untouched; the stubs cannot see that
    files = MultipleFileField(  # type: ignore[assignment]
        label="Tệp đính kèm (nếu có)",
        help_text="Ảnh hoặc PDF, Word, Excel; tối đa 5 tệp, mỗi tệp 20 MB.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("sender_phone") or data.get("sender_email")):
            raise forms.ValidationError(
                "Vui lòng để lại số điện thoại hoặc thư điện tử để cơ quan trả lời bạn."
            )
        return data


class StaffPetitionForm(PublicPetitionForm):
    channel = forms.ChoiceField(
        label="Kênh tiếp nhận", choices=[c for c in Channel.choices if c[0] != Channel.WEB]
    )
    received_on = forms.DateField(
        label="Ngày tiếp nhận", widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        # Staff may record a petition received without contact details (e.g. anonymous letters).
        return forms.Form.clean(self) or {}


class ClassifyForm(forms.Form):
    subject = forms.ChoiceField(label="Phân loại", choices=Subject.choices)
    in_scope = forms.TypedChoiceField(
        label="Thẩm quyền",
        choices=[("1", "Thuộc thẩm quyền của đơn vị"), ("0", "Không thuộc thẩm quyền")],
        coerce=lambda v: v == "1",
    )


class ReasonForm(forms.Form):
    text = forms.CharField(
        label="Nội dung", max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ForwardForm(forms.Form):
    unit = UnitChoiceField(label="Chuyển đến đơn vị")
    note = forms.CharField(label="Ghi chú", max_length=1000, required=False)


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Nội dung trả lời", max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    doc_number = forms.CharField(label="Số văn bản trả lời", max_length=100, required=False)
    signed_file = forms.FileField(label="Văn bản trả lời đã ký (PDF)", required=False)


class RatingForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label="Bạn có hài lòng với kết quả xử lý không?",
        choices=[("1", "Hài lòng"), ("0", "Không hài lòng")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Ý kiến thêm (không bắt buộc)",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DialogueForm(forms.ModelForm):
    class Meta:
        model = Dialogue
        fields = ["held_on", "title", "chair", "participants", "format", "minutes_number"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class ProposalForm(forms.ModelForm):
    unit = UnitChoiceField(label="Đơn vị trả lời")

    class Meta:
        model = Proposal
        fields = ["raised_by", "content", "due_on"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "content": forms.Textarea(attrs={"rows": 3}),
        }


class ProposalAnswerForm(forms.Form):
    text = forms.CharField(
        label="Nội dung trả lời", max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    doc_number = forms.CharField(label="Số văn bản", max_length=100, required=False)
    answered_on = forms.DateField(
        label="Ngày trả lời", widget=forms.DateInput(attrs={"type": "date"})
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx) hoặc CSV",
        help_text=(
            "Cột: ma_don_vi, kenh (phone/paper/portal/email), ngay_tiep_nhan (dd/mm/yyyy), "
            "thu_tuc, noi_dung, ho_ten, dien_thoai, email. Tối đa 5 MB."
        ),
    )
