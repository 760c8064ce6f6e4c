from django.urls import path

from alliance import views

app_name = "alliance"
urlpatterns = [path("", views.index, name="index")]
