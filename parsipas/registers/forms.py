from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from parsipas.registers.models import (
    GovernmentTask,
    Initiative,
    Inspection,
    InspectionPlanItem,
    LinkedProcedure,
)
from parsipas.reporting import documents
from parsipas.reporting import evidence as files
from parsipas.reporting.forms import DocumentMetaForm
from parsipas.units.models import COMMUNE_KINDS, Unit, UnitKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _units() -> Any:
    return Unit.objects.filter(active=True).order_by("kind", "name")


def _agencies() -> Any:
    return Unit.objects.filter(active=True, kind=UnitKind.AGENCY).order_by("name")


def _choose(field: forms.Field, queryset: QuerySet[Unit]) -> None:
    """Narrow a unit field's choices (the form's fields are typed as plain `Field`)."""
    assert isinstance(field, forms.ModelChoiceField), field
    field.queryset = queryset


class PlanItemForm(forms.ModelForm):
    class Meta:
        model = InspectionPlanItem
        fields = ["unit", "kind", "team_unit", "planned_month", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["unit"], _units())
        _choose(self.fields["team_unit"], _agencies())
        self.fields["planned_month"].widget = forms.Select(
            choices=[(m, f"Tháng {m}") for m in range(1, 13)]
        )


class InspectionForm(forms.ModelForm):
    findings = forms.CharField(
        label="Vấn đề phát hiện (mỗi dòng một vấn đề)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Có thể thêm từng vấn đề sau. Hạn khắc phục chung ở ô dưới.",
    )
    findings_due = forms.DateField(label="Hạn khắc phục các vấn đề", required=False, widget=DATE)

    class Meta:
        model = Inspection
        fields = ["unit", "kind", "team_unit", "team", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["unit"], _units())
        _choose(self.fields["team_unit"], _agencies())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.finding_texts() and not data.get("findings_due"):
            self.add_error("findings_due", "Hãy ghi hạn khắc phục cho các vấn đề đã nhập.")
        if (
            data.get("kind") == "phan-cap"
            and data.get("unit")
            and data["unit"].kind not in COMMUNE_KINDS
        ):
            self.add_error(
                "unit", "Kiểm tra nhiệm vụ phân cấp, phân quyền chỉ áp dụng cho xã, phường."
            )
        return data

    def finding_texts(self) -> list[str]:
        text = self.cleaned_data.get("findings", "") if hasattr(self, "cleaned_data") else ""
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class FileField(forms.FileField):
    def __init__(self, label: str, required: bool = True) -> None:
        super().__init__(label=label, required=required, help_text=files.ACCEPTED_TEXT + ".")


class NoticeForm(forms.Form):
    number = forms.CharField(label="Số thông báo kết luận", max_length=100)
    date = forms.DateField(label="Ngày thông báo", widget=DATE)
    file = FileField("Tệp thông báo đã ký")


class FindingForm(forms.Form):
    text = forms.CharField(label="Vấn đề phát hiện", widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(label="Hạn khắc phục", widget=DATE)


class RemediationPlanForm(forms.Form):
    number = forms.CharField(label="Số kế hoạch khắc phục", max_length=100)
    date = forms.DateField(label="Ngày ban hành", widget=DATE)
    file = FileField("Tệp kế hoạch khắc phục")


class RemediationForm(DocumentMetaForm):
    remediation = forms.CharField(
        label="Kết quả khắc phục", widget=forms.Textarea(attrs={"rows": 2})
    )
    date = forms.DateField(label="Ngày khắc phục", widget=DATE)
    file = FileField("Tài liệu kiểm chứng", required=False)
    field_order = ["remediation", "date", "file", *documents.META_FIELDS]
    meta_file_field = "file"


class ReviewFindingForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến của đoàn kiểm tra",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi yêu cầu khắc phục lại.",
    )


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["unit", "title", "summary", "proposed_on"]
        widgets = {"proposed_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["unit"], units if units is not None else _units())


class DecisionForm(forms.Form):
    status = forms.ChoiceField(label="Kết quả xét", choices=Initiative.Status.choices)
    decision_number = forms.CharField(label="Số quyết định", max_length=100, required=False)
    decision_date = forms.DateField(label="Ngày quyết định", required=False, widget=DATE)
    central_body = forms.CharField(
        label="Cơ quan Trung ương cho thí điểm", max_length=200, required=False
    )
    replicated_from = forms.DateField(
        label="Nhân rộng toàn tỉnh từ ngày",
        required=False,
        widget=DATE,
        help_text="Để trống nếu chưa nhân rộng.",
    )


class TaskForm(forms.ModelForm):
    units = forms.ModelMultipleChoiceField(
        label="Đơn vị được giao",
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = GovernmentTask
        fields = [
            "tracker_id",
            "doc_number",
            "doc_date",
            "issuer",
            "content",
            "due_date",
            "status",
            "completed_on",
        ]
        widgets = {
            "doc_date": DATE,
            "due_date": DATE,
            "completed_on": DATE,
            "content": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["units"], _units())
        if self.instance.pk:
            self.initial["units"] = list(self.instance.units.all())


class TaskDoneForm(DocumentMetaForm):
    completed_on = forms.DateField(label="Ngày hoàn thành", widget=DATE)
    result = forms.CharField(label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 2}))
    file = FileField("Tài liệu kiểm chứng", required=False)
    field_order = ["completed_on", "result", "file", *documents.META_FIELDS]
    meta_file_field = "file"


class TaskImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp xuất từ Hệ thống theo dõi nhiệm vụ (.xlsx hoặc .csv)",
        help_text="Các cột: Mã nhiệm vụ, Số hiệu văn bản, Ngày văn bản, Cơ quan ban hành, Nội dung "
        "nhiệm vụ, Đơn vị được giao (mã hoặc tên, cách nhau bằng ;), Hạn xử lý, Tình trạng, Ngày hoàn thành.",
    )


class ProcedureForm(forms.ModelForm):
    class Meta:
        model = LinkedProcedure
        fields = [
            "name",
            "procedure_codes",
            "level",
            "lead_unit",
            "decision_number",
            "decision_date",
        ]
        widgets = {"decision_date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choose(self.fields["lead_unit"], _units())
