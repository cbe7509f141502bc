from __future__ import annotations

from typing import Any, cast

from django import forms

from parsipas.plans.models import Node, Target
from parsipas.units.models import Unit


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp phụ lục kế hoạch",
        help_text="Văn bản trích từ bản ký (.txt), Word (.docx) hoặc Excel (.xlsx); tối đa 10 MB.",
    )
    year = forms.IntegerField(
        label="Năm kế hoạch",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Để trống để lấy năm trong tiêu đề phụ lục.",
    )


class NodeEditForm(forms.ModelForm):
    """The admin's corrections of one criterion: leads, implementers, deadline."""

    implementing_units = forms.ModelMultipleChoiceField(
        label="Đơn vị thực hiện",
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Node
        fields = ["lead_units", "deadline", "deadline_by_authority", "review_note", "needs_review"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "lead_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        active = Unit.objects.active().order_by("kind", "name")
        cast(forms.ModelChoiceField, self.fields["lead_units"]).queryset = active.agencies()
        cast(forms.ModelChoiceField, self.fields["implementing_units"]).queryset = active
        if self.instance.pk:
            self.fields["implementing_units"].initial = list(
                self.instance.assignments.values_list("unit_id", flat=True)
            )


TargetFormSet = forms.inlineformset_factory(
    Node,
    Target,
    fields=["text", "op", "value", "value_max", "unit", "aggregation"],
    extra=1,
    can_delete=True,
    widgets={"text": forms.Textarea(attrs={"rows": 2})},
)


def unit_groups(form: NodeEditForm) -> list[dict[str, Any]]:
    """The implementing-unit checkboxes grouped as people choose them: all provincial agencies,
    all communes, all wards, the others; each with its ticked units."""
    chosen = {str(v) for v in (form["implementing_units"].value() or [])}
    groups: dict[str, dict[str, Any]] = {}
    labels = {"agency": "Cơ quan cấp tỉnh", "xa": "Xã", "phuong": "Phường"}
    field = form.fields["implementing_units"]
    assert isinstance(field, forms.ModelChoiceField), field
    for unit in field.queryset or []:
        key = unit.kind if unit.kind in labels else "other"
        group = groups.setdefault(
            key, {"key": key, "label": labels.get(key, "Đơn vị khác"), "units": []}
        )
        group["units"].append((unit, str(unit.pk) in chosen))
    order = ["agency", "xa", "phuong", "other"]
    return [groups[k] for k in order if k in groups]
