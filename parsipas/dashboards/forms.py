from __future__ import annotations

from django import forms

from parsipas.dashboards.models import PeriodNarrative, ReportSettings


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = PeriodNarrative
        fields = ["number", "signed_on", "direction", "shortcomings", "next_tasks", "proposals"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class LetterheadForm(forms.ModelForm):
    class Meta:
        model = ReportSettings
        fields = [
            "parent_body",
            "issuing_body",
            "number_suffix",
            "place",
            "signer_authority",
            "signer_title",
            "signer_name",
            "recipients",
        ]
