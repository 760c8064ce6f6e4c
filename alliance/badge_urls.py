"""The supporter badge's public images. Language-neutral addresses outside the language
prefixes (config/urls.py): the language is in the file name, one address per image."""

from django.urls import path

from alliance import views

app_name = "badge"
urlpatterns = [
    # Before "<language>.png", which would take "nl@2x" for a language.
    path("<str:language>@2x.png", views.badge_png_2x, name="png_2x"),
    path("<str:language>.png", views.badge_png, name="png"),
    path("<str:language>.svg", views.badge_svg, name="svg"),
]
