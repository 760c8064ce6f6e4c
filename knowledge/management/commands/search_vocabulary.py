from django.core.management.base import BaseCommand

from knowledge import services


class Command(BaseCommand):
    help = 'Rebuild the "did you mean" vocabulary from published practices (PostgreSQL).'

    def handle(self, *args, **options) -> None:
        words = services.search_vocabulary_rebuild()
        self.stdout.write(f"{words} words")
