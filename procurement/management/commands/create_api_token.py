from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from procurement.services.tokens import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user (for a payroll system); the key is shown once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'ADP export'")

    def handle(self, *args, username: str, name: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user '{username}'.")
        token, key = api_token_create(user=user, name=name)
        self.stdout.write(f"Token '{token.name}' for {username} (shown once, keep it safe):")
        self.stdout.write(key)
