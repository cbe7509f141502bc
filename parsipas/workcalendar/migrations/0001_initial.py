from django.db import migrations, models

# Known arrangements (shared/reference/README.md): days off beyond the statutory holidays and the
# Saturdays worked to make up for them.
SEED = [
    ("2025-04-26", "work", "Làm bù cho ngày nghỉ 02/5/2025", ""),
    ("2025-05-02", "off", "Nghỉ bù dịp 30/4 – 1/5/2025", ""),
    ("2026-01-02", "off", "Nghỉ Tết Dương lịch 2026", "12729/VPCP-KGVX ngày 25/12/2025"),
    ("2026-01-10", "work", "Làm bù cho ngày nghỉ 02/01/2026", "12729/VPCP-KGVX ngày 25/12/2025"),
    ("2026-08-22", "work", "Làm bù cho ngày nghỉ 31/8/2026", ""),
    ("2026-08-31", "off", "Nghỉ dịp Quốc khánh 2026", ""),
]


def seed(apps, schema_editor):
    DayArrangement = apps.get_model("workcalendar", "DayArrangement")
    for day, kind, reason, source in SEED:
        DayArrangement.objects.get_or_create(
            date=day, defaults={"kind": kind, "reason": reason, "source": source}
        )


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DayArrangement",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("date", models.DateField(unique=True, verbose_name="ngày")),
                ("kind", models.CharField(choices=[("off", "Ngày nghỉ"), ("work", "Ngày làm việc bù")], max_length=4, verbose_name="loại")),
                ("reason", models.CharField(max_length=300, verbose_name="lý do")),
                ("source", models.CharField(blank=True, max_length=200, verbose_name="văn bản")),
            ],
            options={"ordering": ["date"], "verbose_name": "ngày nghỉ, làm bù", "verbose_name_plural": "ngày nghỉ, làm bù"},
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
