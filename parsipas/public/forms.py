from __future__ import annotations

from django import forms

from parsipas.public.models import NewsItem


class NewsForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "summary", "body", "link", "published", "published_at"]
        widgets = {
            "published_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            )
        }
