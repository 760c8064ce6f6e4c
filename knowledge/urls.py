from django.urls import path
from django.views.decorators.http import require_safe

from knowledge import feeds, views
from knowledge.scan.urls import urlpatterns as scan_urlpatterns
from pagecache import public_page

collections = public_page("knowledge")(views.CollectionList.as_view())
collection = public_page("knowledge")(views.CollectionDetail.as_view())

app_name = "knowledge"
urlpatterns = [
    path("", views.index, name="index"),
    path("p/<slug:slug>/", views.practice, name="practice"),
    path("attachments/<str:uid>/", views.attachment, name="attachment"),
    path("collections/", collections, name="collections"),
    path(
        "collections/<slug:slug>/",
        collection,
        name="collection",
    ),
    path("submit/", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submissions"),
    path("saved/", views.saved_searches, name="saved"),
    path("saved/new/", views.saved_search_create, name="saved_create"),
    path("saved/<str:token>/delete/", views.saved_search_delete, name="saved_delete"),
    path("feed/", require_safe(feeds.LatestPractices()), name="feed"),
    path("feed/<slug:slug>/", require_safe(feeds.ThemePractices()), name="theme_feed"),
    *scan_urlpatterns,
]
