from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import OutgoingEmail, Status

# Everything but the encrypted secrets of a message not yet sent (docs/email.md).
_SHOWN = [field.name for field in OutgoingEmail._meta.fields if field.name != "sealed"]


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "carries_secret", "attempts", "due_at", "sent_at"]
    list_filter = ["status", "carries_secret"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created"
    fields = _SHOWN
    readonly_fields = _SHOWN
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Queue the selected failed emails again"))
    def retry(self, request, queryset):
        failed = queryset.filter(status=Status.FAILED)
        # A message that carried a secret lost it when it failed: the person asks for a new one.
        count = failed.filter(carries_secret=False).update(status=Status.QUEUED, attempts=0)
        self.message_user(request, _("%(count)d emails queued again.") % {"count": count})
        if failed.filter(carries_secret=True).exists():
            self.message_user(
                request,
                _(
                    "Emails that carried a reset, confirmation or invitation link cannot be "
                    "sent again: the person asks for a new link."
                ),
            )
