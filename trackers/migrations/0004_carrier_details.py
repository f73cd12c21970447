from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('trackers', '0003_comment_limit'),
    ]

    operations = [
        migrations.AddField(
            model_name='tracker',
            name='signed_by',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='tracker',
            name='weight',
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='tracker',
            name='weight_unit',
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AddField(
            model_name='tracker',
            name='service',
            field=models.CharField(blank=True, max_length=100),
        ),
    ]
