from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts import demo as accounts_demo
from alliance import demo as alliance_demo
from alliance.services import activity_areas_load, coalitions_load
from commitments import demo as commitments_demo
from forum import demo as forum_demo
from initiatives import demo as initiatives_demo
from initiatives.calls import demo as calls_demo
from knowledge import demo as knowledge_demo
from knowledge.helpdesk import demo as helpdesk_demo
from knowledge.scan import demo as quick_scan_demo
from portal import demo as portal_demo
from releases.services import release_publish
from taxonomy.services import vocabularies_load


class Command(BaseCommand):
    help = "Fill every app with demo content. Safe to run again: nothing is duplicated."

    def handle(self, *args: object, **options: object) -> None:
        vocabularies_load()
        activity_areas_load()
        coalitions_load()
        people = accounts_demo.seed()
        alliance_demo.seed()
        forum_demo.seed()
        alliance_demo.link_laboratories()
        commitments_demo.seed()
        knowledge_demo.seed()
        commitments_demo.link_practices()  # the library's DESIGN-MTS outputs, once it has them
        # After the knowledge and commitments demos: initiatives link to practices and actions.
        initiatives_demo.seed()
        quick_scan_demo.seed()
        helpdesk_demo.seed()
        calls_demo.seed()
        portal_demo.seed()
        # So that `make run` shows figures at once rather than after the first weekly release.
        if not release_publish():
            self.stdout.write(
                self.style.WARNING(
                    _("No release of the figures: the yearly privacy budget is spent.")
                )
            )

        self.stdout.write(self.style.SUCCESS(_("Demo content is in place.")))
        new = [(email, password) for email, password in people if password]
        if new:
            self.stdout.write(_("Demo accounts (these passwords are shown only this once):"))
            for email, password in new:
                self.stdout.write(f"  {email:<28} {password}")
        else:
            self.stdout.write(
                _(
                    "The demo accounts existed already; their passwords were shown when they "
                    "were created. Reset one with: python manage.py changepassword EMAIL"
                )
            )
        self.stdout.write(
            _(
                "Staff rights work only with an authenticator app. Sign in as staff, then open "
                "the link this prints: python manage.py staff_enrolment_link staff@example.org"
            )
        )
