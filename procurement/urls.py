from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from procurement.api import api
from procurement.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("submissions/new/", pages.submission_new, name="submission-new"),
    path("submissions/<int:submission_id>/", pages.submission_detail,
         name="submission-detail"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]
