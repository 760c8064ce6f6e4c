from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notifications.models import OutgoingEmail, Status


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "status", "attempts", "due_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject", "key"]
    date_hierarchy = "created"
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Queue the selected failed emails again"))
    def retry(self, request, queryset):
        count = queryset.filter(status=Status.FAILED).update(status=Status.QUEUED, attempts=0)
        self.message_user(request, _("%(count)d emails queued again.") % {"count": count})
