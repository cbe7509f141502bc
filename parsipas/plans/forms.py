from __future__ import annotations

from typing import cast

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
        widget=forms.SelectMultiple(attrs={"size": 14}),
    )

    class Meta:
        model = Node
        fields = ["lead_units", "deadline", "deadline_by_authority", "review_note", "needs_review"]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "lead_units": forms.SelectMultiple(attrs={"size": 8}),
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
