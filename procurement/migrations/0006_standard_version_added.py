import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('procurement', '0005_apitoken_expiry'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='standardversion',
            name='origin',
            field=models.CharField(choices=[('file', 'Standard file'), ('admin', 'Added by an administrator')], default='file', max_length=10),
        ),
        migrations.AddField(
            model_name='standardversion',
            name='added_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='standardversion',
            name='added_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
