# The news and visit-count models move here from dashboards. Their tables keep their names
# (dashboards_newsitem, dashboards_visitday): only Django's state moves, no row is copied.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("dashboards", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="NewsItem",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("title", models.CharField(max_length=300, verbose_name="tiêu đề")),
                        ("summary", models.TextField(blank=True, verbose_name="tóm tắt")),
                        ("body", models.TextField(blank=True, verbose_name="nội dung")),
                        ("link", models.URLField(blank=True, verbose_name="liên kết bài viết đầy đủ")),
                        ("published", models.BooleanField(default=True, verbose_name="hiển thị công khai")),
                        ("published_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="ngày đăng")),
                        ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "tin cải cách hành chính",
                        "verbose_name_plural": "tin cải cách hành chính",
                        "ordering": ["-published_at", "-pk"],
                        "db_table": "dashboards_newsitem",
                    },
                ),
                migrations.CreateModel(
                    name="VisitDay",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("day", models.DateField(unique=True, verbose_name="ngày")),
                        ("visits", models.PositiveIntegerField(default=0, verbose_name="lượt truy cập")),
                    ],
                    options={
                        "verbose_name": "lượt truy cập trong ngày",
                        "ordering": ["-day"],
                        "db_table": "dashboards_visitday",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
