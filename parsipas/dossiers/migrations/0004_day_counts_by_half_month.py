"""The day counts take effect by half-month (1st–14th, 15th–end) instead of by month, so that
the reporting periods (15th to 14th) are summed from them too; every row is computed again."""

from django.db import migrations, models


def count_again(apps, schema_editor):
    from parsipas.dossiers import daily

    with schema_editor.connection.cursor() as cursor:
        daily.rebuild(cursor)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_merge_day_counts_and_catalogue"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="dossierday", name="dossier_day_key"),
        migrations.RenameField(model_name="dossierday", old_name="month", new_name="half"),
        migrations.AlterField(
            model_name="dossierday",
            name="half",
            field=models.DateField(verbose_name="nửa tháng có hiệu lực"),
        ),
        migrations.AddConstraint(
            model_name="dossierday",
            constraint=models.UniqueConstraint(
                fields=("unit", "day", "half"), name="dossier_day_key"
            ),
        ),
        migrations.RunPython(count_again, migrations.RunPython.noop),
    ]
