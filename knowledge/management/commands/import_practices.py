import sys
from contextlib import ExitStack
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from knowledge import services
from knowledge.bundles import ImportFiles, is_zip, open_bundle


class Command(BaseCommand):
    help = (
        "Import practices from a JSON Lines file, or a zip holding one and the files its "
        "attachments name (format: docs/knowledge.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .jsonl or .zip file, or - for standard input")
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid lines even if some lines are invalid",
        )

    def handle(self, *args, file: str, skip_invalid: bool, **options) -> None:
        with ExitStack() as stack:
            files = None
            if file == "-":
                lines = sys.stdin.readlines()
            else:
                path = Path(file)
                if not path.is_file():
                    raise CommandError(_("No such file: %s") % file)
                stream = stack.enter_context(path.open("rb"))
                if is_zip(stream):
                    # A zip: the JSON Lines file and the files its attachments name, read
                    # while the import runs.
                    try:
                        lines, files = open_bundle(stream)
                    except ValidationError as error:
                        raise CommandError(error.messages[0]) from None
                else:
                    try:
                        lines = stream.read().decode("utf-8-sig").splitlines()
                    except UnicodeDecodeError as exc:
                        raise CommandError(_("The file is not UTF-8 text.")) from exc
            self._import(lines, skip_invalid=skip_invalid, files=files)

    def _import(self, lines: list[str], *, skip_invalid: bool, files: ImportFiles | None) -> None:
        total = sum(1 for line in lines if line.strip())
        progress = _Progress(self.stderr, total) if total >= 200 else None
        try:
            report = services.practices_import(
                lines=lines, skip_invalid=skip_invalid, progress=progress, files=files
            )
        except services.ImportRefused as refused:
            for line, message in refused.report.errors:
                self.stderr.write(
                    _("line %(line)s: %(message)s") % {"line": line, "message": message}
                )
            raise CommandError(
                _(
                    "%(count)s invalid line(s); nothing was imported. "
                    "Fix them, or use --skip-invalid."
                )
                % {"count": refused.report.skipped}
            ) from None
        if progress:
            progress.finish()
        for line, message in report.errors:
            self.stderr.write(
                _("skipped line %(line)s: %(message)s") % {"line": line, "message": message}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                    "%(skipped)s skipped."
                )
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                    "skipped": report.skipped,
                }
            )
        )


class _Progress:
    """A plain progress bar on stderr, redrawn every percent."""

    WIDTH = 40

    def __init__(self, stream, total: int) -> None:
        self.stream, self.total, self.last = stream, total, -1

    def __call__(self, done: int) -> None:
        percent = done * 100 // max(self.total, 1)
        if percent != self.last:
            self.last = percent
            filled = self.WIDTH * done // max(self.total, 1)
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{self.total}", ending=""
            )
            self.stream.flush()

    def finish(self) -> None:
        self.stream.write("")
