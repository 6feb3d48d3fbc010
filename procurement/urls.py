from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from procurement.api import api
from procurement.views import language, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("contracts/<int:contract_id>/", pages.contract_detail, name="contract-detail"),
    path("submissions/new/", pages.submission_new, name="submission-new"),
    path("submissions/<int:submission_id>/", pages.submission_detail,
         name="submission-detail"),
    path("submissions/<int:submission_id>/correct/", pages.submission_correct,
         name="submission-correct"),
    path("submissions/<int:submission_id>/columns/", pages.submission_columns_view,
         name="submission-columns"),
    path("submissions/<int:submission_id>/pay-period/", pages.submission_pay_period_view,
         name="submission-pay-period"),
    path("submissions/<int:submission_id>/recheck/", pages.submission_recheck_view,
         name="submission-recheck"),
    path("submissions/<int:submission_id>/attest/", pages.submission_attest_view,
         name="submission-attest"),
    path("submissions/<int:submission_id>/review/", pages.submission_review_view,
         name="submission-review"),
    path("submissions/<int:submission_id>/export.<str:fmt>", pages.submission_export_view,
         name="submission-export"),
    path("submissions/<int:submission_id>/letter/", pages.submission_letter,
         name="submission-letter"),
    path("review/", pages.review_queue, name="review-queue"),
    path("audit/", pages.audit_log, name="audit-log"),
    path("reports/workforce/", pages.workforce_summary_page, name="workforce-summary"),
    path("licensing/", include("procurement.licensing.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", language.language_set, name="set_language"),
    path("api/", api.urls),
]
