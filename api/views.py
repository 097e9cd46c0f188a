"""The read-only API (/api/v1/): each endpoint reads through the selectors, which read through
each model's visible_to, so the API shows a person exactly what the pages show them. Each
endpoint's description is the schema's, translated (the schema and Swagger UI speak the
request's language, or ?lang=)."""

from django.conf import settings
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as drf_filters
from django_filters.utils import translate_validation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Notification
from accounts.rules import profile_of
from empirie.forms import without_nul
from meetings.models import Meeting
from networks.access import access_of
from networks.models import Participation
from networks.selectors import networks_by_id
from practices.filters import PracticeFilter
from search.query import index_preferred

from . import selectors, serializers
from .filters import CityFilter, MeetingFilter
from .models import ApiToken
from .pagination import PortalPagination, SearchPagination


class ConditionalMixin:
    """ETag from the answer itself (a person who may see more gets another body, so another
    tag) with 304 to a matching If-None-Match; public caching only for a visitor's answer."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Cookie", "Authorization"))
        public = not request.user.is_authenticated and response.status_code == 200
        response["Cache-Control"] = (
            f"public, max-age={settings.API_PUBLIC_MAX_AGE}" if public else "private, no-cache"
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.render()
            set_response_etag(response)
            return get_conditional_response(request, etag=response["ETag"], response=response)
        return response


# The API's index (/api/v1/): each endpoint's key and its route's name.
ENDPOINTS = {
    "networks": "network-list",
    "cities": "city-list",
    "practices": "practice-list",
    "results": "result-list",
    "meeting-reports": "report-list",
    "me": "me",
    "me/networks": "my_networks",
    "me/meetings": "my_meetings",
    "me/notifications": "my_notifications",
    "schema": "schema",
    "docs": "docs",
}


@extend_schema(exclude=True)
class RootView(ConditionalMixin, APIView):
    """The endpoints' addresses, so a program starts at /api/v1/ and follows them."""

    permission_classes = [AllowAny]

    def get(self, request):
        return Response(
            {
                key: request.build_absolute_uri(reverse(f"api:{name}"))
                for key, name in ENDPOINTS.items()
            }
        )


class ReadOnlyViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    detail_serializer_class = None
    # What a slug or an id can hold (empirie.converters): a control character is a 404.
    lookup_value_regex = "[A-Za-z0-9_-]+"

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class:
            return self.detail_serializer_class
        return self.serializer_class


@extend_schema(
    description=_("The networks and their member cities, as their public pages show them.")
)
class NetworkViewSet(ReadOnlyViewSet):
    serializer_class = serializers.NetworkSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return selectors.networks()


@extend_schema(
    description=_(
        "Polish municipalities: unit type, county, voivodeship, population, ZMP membership."
    )
)
class CityViewSet(ReadOnlyViewSet):
    serializer_class = serializers.CitySerializer
    lookup_field = "slug"
    filter_backends = [drf_filters.DjangoFilterBackend]
    filterset_class = CityFilter
    pagination_class = type("CityPagination", (PortalPagination,), {"page_size": 100})

    def get_queryset(self):
        return selectors.cities()


class PracticeFilterBackend(drf_filters.DjangoFilterBackend):
    """The practice list page's own filters and search (practices.filters.PracticeFilter)."""

    def get_filterset_kwargs(self, request, queryset, view):
        return {
            "data": without_nul(request.query_params),
            "queryset": queryset,
            "request": request,
            "user": request.user,
        }

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        practices = filterset.qs
        view.searched = filterset.asked is not None
        if not view.searched:
            practices = practices.order_by("-published_at")
        # The list's order, then the id: the same practice never on two pages.
        return practices.order_by(*practices.query.order_by, "-pk")


@extend_schema_view(
    list=extend_schema(
        description=_(
            "Published practices the person may see: filters and search as on the practice "
            "list (`q` searches; `category`, `network`: ids; `voivodeship`, `unit_type`, "
            "`population`, `city` (slug), `year`), 50 a page, the best match first for a "
            "search, else the newest."
        )
    ),
    retrieve=extend_schema(
        description=_(
            "One published practice the person may see, by its slug: its card, its contact "
            "persons and its full presentation."
        )
    ),
)
class PracticeViewSet(ReadOnlyViewSet):
    serializer_class = serializers.PracticeSerializer
    detail_serializer_class = serializers.PracticeDetailSerializer
    lookup_field = "slug"
    filter_backends = [PracticeFilterBackend]
    filterset_class = PracticeFilter
    searched = False

    def get_queryset(self):
        return selectors.published_practices(self.request.user, card=self.action == "retrieve")

    def list(self, request, *args, **kwargs):
        if not request.query_params.get("q"):
            return super().list(request, *args, **kwargs)
        with index_preferred():  # a common word's thousands of matches ranked from the index
            return super().list(request, *args, **kwargs)

    def paginate_queryset(self, queryset):
        if self.searched:
            self._paginator = SearchPagination()
        return super().paginate_queryset(queryset)


@extend_schema(
    description=_("The networks' results the person may read (a visitor: the public ones).")
)
@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("Its number."))
        ]
    )
)
class ResultViewSet(ReadOnlyViewSet):
    serializer_class = serializers.ResultSerializer
    detail_serializer_class = serializers.ResultDetailSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.results(self.request.user)


@extend_schema(
    description=_("Published meeting reports the person may read (a visitor: the public ones).")
)
@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter("id", int, OpenApiParameter.PATH, description=_("Its number."))
        ]
    )
)
class MeetingReportViewSet(ReadOnlyViewSet):
    serializer_class = serializers.MeetingReportSerializer
    detail_serializer_class = serializers.MeetingReportDetailSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return selectors.meeting_reports(self.request.user)


class PersonalList(ConditionalMixin, generics.ListAPIView):
    permission_classes = [IsAuthenticated]


@extend_schema(description=_("The person's networks: their roles and applications."))
class MyNetworksView(PersonalList):
    queryset = Participation.objects.none()  # the model, for the schema; rows: get_queryset
    serializer_class = serializers.MembershipSerializer

    def get_queryset(self):
        return selectors.memberships(self.request.user)


@extend_schema(description=_("The meetings the person may see, each with their own registration."))
class MyMeetingsView(PersonalList):
    queryset = Meeting.objects.none()
    serializer_class = serializers.MyMeetingSerializer
    filter_backends = [drf_filters.DjangoFilterBackend]
    filterset_class = MeetingFilter

    def get_queryset(self):
        return selectors.meetings(self.request.user)


@extend_schema(description=_("The person's notifications, worded in the request's language."))
class MyNotificationsView(PersonalList):
    queryset = Notification.objects.none()
    serializer_class = serializers.NotificationSerializer

    def get_queryset(self):
        return selectors.notifications(self.request.user)


@extend_schema(
    description=_(
        "What the person's access allows: the networks whose inside they see, those they "
        "observe and coordinate; how they are authenticated."
    )
)
class MeView(ConditionalMixin, generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = serializers.AccessSerializer

    def get(self, request):
        user, access = request.user, access_of(request.user)
        by_id = networks_by_id()

        def named(ids):
            return sorted((by_id[pk] for pk in ids if pk in by_id), key=lambda n: n.number)

        profile = profile_of(user)
        token = request.auth if isinstance(request.auth, ApiToken) else None
        data = {
            "email": user.email,
            "name": user.get_full_name(),
            "function": getattr(profile, "function", None),
            "function_verified": access.verified_leader,
            "city": getattr(profile, "city", None),
            "administrator": access.administrator,
            "verified_leader": access.verified_leader,
            "inside": named(access.inside),
            "observed": named(access.observed),
            "coordinated": named(access.coordinated),
            "authenticated_by": "token" if token else "session",
            "token": (
                {"name": token.name, "prefix": token.shown_prefix, "read_only": True}
                if token
                else None
            ),
        }
        return Response(self.get_serializer(data).data)


@extend_schema(exclude=True)
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, to try requests, from the portal's own static files, its start script a
    file of its own (the Content-Security-Policy runs no inline script)."""

    template_name = "api/swagger_ui.html"
