# NewsItem and VisitDay now belong to parsipas.public, which keeps their tables as they are:
# dashboards forgets them in its state only; the database is not touched.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("dashboards", "0001_initial"),
        ("public", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="NewsItem"),
                migrations.DeleteModel(name="VisitDay"),
            ],
            database_operations=[],
        ),
    ]
