from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import public_files, views

handler400 = "empirie.views.bad_request"
handler404 = "empirie.views.page_not_found"
handler500 = "empirie.views.server_error"
# allauth's rate limits (logging in, signing up) answer with this (allauth.core.ratelimit).
handler429 = "empirie.views.too_many_requests"

# The admin's log-in is the portal's: the same rate limits and the same second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/ready", views.healthz_ready, name="healthz_ready"),
    # Asked for by browsers and tools that do not read the pages' <link rel="icon">.
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    # The API has no language prefix: it answers in the one the request accepts.
    path("api/v1/", include("api.urls")),
    # Files robots and researchers look for at fixed addresses, in no language (public_files).
    path("robots.txt", public_files.robots_txt, name="robots_txt"),
    path(".well-known/security.txt", public_files.security_txt, name="security_txt"),
    path("sitemap.xml", public_files.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", public_files.sitemap_section, name="sitemap_section"),
]

# Polish lives at the root, English under /en/. The language switch sits under the prefix too,
# so that it knows which language the page it was sent from is in.
urlpatterns += i18n_patterns(
    path("i18n/", include("django.conf.urls.i18n")),
    path("", views.HomeView.as_view(), name="home"),
    path(
        "deklaracja-dostepnosci/",
        views.AccessibilityStatementView.as_view(),
        name="accessibility_statement",
    ),
    path("klauzula-informacyjna/", views.PrivacyNoticeView.as_view(), name="privacy_notice"),
    path("pulpit/", include("desk.urls")),
    path("sieci/<slug:slug>/dyskusje/", include("discussions.urls")),
    path("", include("partners.urls")),
    path("", include("invitations.urls")),
    path("sieci/", include("networks.urls")),
    path("spotkania/", include("meetings.urls")),
    path("zaswiadczenia/", include("meetings.certificate_urls")),
    path("praktyki/", include("practices.urls")),
    path("wyniki/", include("results.urls")),
    path("szukaj/", include("search.urls")),
    path("miasta/", include("cities.urls")),
    path("konto/tokeny-api/", include("api.token_urls")),
    path("dane/", include("api.data_urls")),
    path("statystyki/raport/", include("figures.report_urls")),
    path("statystyki/", include("figures.urls")),
    path("konto/", include("accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
