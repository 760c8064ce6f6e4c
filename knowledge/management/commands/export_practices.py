from django.core.management.base import BaseCommand

from knowledge import services
from knowledge.models import Practice


class Command(BaseCommand):
    help = (
        "Export practices as JSON Lines, in the import format (docs/knowledge.md); to a .zip "
        "file with their attachments."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="output file (default: stdout)")
        parser.add_argument("--status", action="append", help="only these statuses (repeatable)")

    def handle(self, *args, file: str, status: list[str] | None, **options) -> None:
        queryset = Practice.objects.all()
        if status:
            queryset = queryset.filter(status__in=status)
        if file.lower().endswith(".zip"):
            # With the attachments as members, so another portal's import takes them.
            with open(file, "wb") as out:
                services.practices_export_zip(out=out, queryset=queryset)
            return
        lines = services.practices_export(queryset=queryset)
        if file == "-":
            for line in lines:
                self.stdout.write(line, ending="")
        else:
            with open(file, "w", encoding="utf-8") as out:
                out.writelines(lines)
