from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from procurement.services.errors import ServiceError
from procurement.services.tokens import MAX_DAYS, api_token_create, api_token_days_default


class Command(BaseCommand):
    help = "Create an API token for a user (for a payroll system); the key is shown once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("name", help="what the token is for, e.g. 'ADP export'")
        parser.add_argument("--days", type=int, default=None,
                            help=f"how long the token is valid (default "
                                 f"{api_token_days_default()}, at most {MAX_DAYS})")

    def handle(self, *args, username: str, name: str, days: int | None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user '{username}'.")
        try:
            token, key = api_token_create(user=user, name=name, days=days)
        except ServiceError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Token '{token.name}' for {username}, valid until "
                          f"{token.expires_at:%Y-%m-%d %H:%M %Z} (shown once, keep it safe):")
        self.stdout.write(key)
