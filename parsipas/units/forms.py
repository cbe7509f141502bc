from __future__ import annotations

from typing import cast

from django import forms

from parsipas.units.models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "active",
            "aliases",
            "email",
            "portal_code",
            "note",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        parents = Unit.objects.active().order_by("kind", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = parents


class UnitImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp CSV hoặc Excel (.xlsx)",
        help_text="Cột: code, name, kind, parent, active, aliases, email, note, portal_code. Tối đa 5 MB.",
    )
