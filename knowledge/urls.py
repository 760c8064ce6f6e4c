from django.urls import path
from django.views.decorators.http import require_safe

from knowledge import feeds, views

app_name = "knowledge"
urlpatterns = [
    path("", views.index, name="index"),
    path("p/<slug:slug>/", views.practice, name="practice"),
    path("attachments/<str:uid>/", views.attachment, name="attachment"),
    path("collections/", views.CollectionList.as_view(), name="collections"),
    path("collections/<slug:slug>/", views.CollectionDetail.as_view(), name="collection"),
    path("submit/", views.submit, name="submit"),
    path("submissions/", views.submissions, name="submissions"),
    path("saved/", views.saved_searches, name="saved"),
    path("saved/new/", views.saved_search_create, name="saved_create"),
    path("saved/<str:token>/delete/", views.saved_search_delete, name="saved_delete"),
    path("feed/", require_safe(feeds.LatestPractices()), name="feed"),
    path("feed/<slug:slug>/", require_safe(feeds.ThemePractices()), name="theme_feed"),
]
