"""Skip logic (issue 17): a question asked only when an earlier answer says it applies.

The default instrument's conditional questions get their condition: E4.3 (warned of a delay,
sent an apology) only when the result came late (P4 = 3), E5.2 and E5.3 (feedback handled,
told the outcome) only when the respondent gave feedback (P5 = 1). Their "choose no opinion
if …" hints are then moot and cleared, unless the admin wrote their own.
"""

from django.db import migrations, models

DEFAULT_CONDITIONS = {
    "E4.3": ("P4=3", "Chọn “Không ý kiến” nếu hồ sơ không bị trễ."),
    "E5.2": ("P5=1", "Chọn “Không ý kiến” nếu Ông/Bà chưa từng góp ý."),
    "E5.3": ("P5=1", "Chọn “Không ý kiến” nếu Ông/Bà chưa từng góp ý."),
}


def set_default_conditions(apps, schema_editor):
    Question = apps.get_model("sipas", "Question")
    for code, (condition, old_help) in DEFAULT_CONDITIONS.items():
        source = condition.split("=")[0]
        for q in Question.objects.filter(instrument__code="dich-vu-hanh-chinh", code=code, show_if=""):
            if not Question.objects.filter(instrument_id=q.instrument_id, code=source).exists():
                continue
            q.show_if = condition
            if q.help == old_help:
                q.help = ""
            q.save(update_fields=["show_if", "help"])


class Migration(migrations.Migration):
    dependencies = [("sipas", "0002_answer_scored")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="show_if",
            field=models.CharField(
                blank=True,
                help_text="Ví dụ P4=3: chỉ hỏi khi ở câu P4 người trả lời chọn giá trị 3 (nhiều giá trị: P4=3,4). Để trống: luôn hỏi. Câu bị bỏ qua không được lưu.",
                max_length=100,
                verbose_name="chỉ hỏi khi",
            ),
        ),
        migrations.RunPython(set_default_conditions, migrations.RunPython.noop),
    ]
