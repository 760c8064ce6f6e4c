"""Atom feeds of new practices (all, and per priority area) and the sitemap of practices."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from knowledge.models import Practice
from taxonomy.models import Theme

FEED_SIZE = 30


class LatestPractices(Feed):
    feed_type = Atom1Feed
    title = _("New practices in the knowledge centre")
    subtitle = _("Guides, checklists, training and other practices, newest first.")

    def link(self) -> str:
        return reverse("knowledge:index")

    def items(self):
        return Practice.objects.published().order_by("-published_at")[:FEED_SIZE]

    def item_title(self, item: Practice) -> str:
        return item.title

    def item_description(self, item: Practice) -> str:
        return item.summary

    def item_pubdate(self, item: Practice):
        return item.published_at

    def item_updateddate(self, item: Practice):
        return item.updated_at


class ThemePractices(LatestPractices):
    def get_object(self, request, slug: str) -> Theme:
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj: Theme) -> str:
        return _("New practices: %(theme)s") % {"theme": obj.name}

    def link(self, obj: Theme) -> str:
        return reverse("knowledge:index") + f"?theme={obj.slug}"

    def items(self, obj: Theme):
        return Practice.objects.published().filter(themes=obj).order_by("-published_at")[:FEED_SIZE]


class PracticeSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Practice.objects.published().order_by("pk")

    def lastmod(self, item: Practice):
        return item.updated_at
