"""What each endpoint shows: the same fields the pages show to the same person, nothing more
(a meeting's online link only to those registered, as on its page)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from accounts.models import Notification
from cities.models import City
from meetings.models import Meeting, MeetingReport
from networks.models import Network, Participation
from practices.models import Category, Practice, Transfer
from results.models import Result


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The address of the object's page on the portal (in the request's language)."""

    def __init__(self, url_name, lookup="pk", kwarg=None, **kwargs):
        self.url_name, self.lookup, self.kwarg = url_name, lookup, kwarg or lookup
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        path = reverse(self.url_name, kwargs={self.kwarg: getattr(value, self.lookup)})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CityBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["slug", "name"]


class NetworkBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Network
        fields = ["id", "slug", "name"]


class NetworkSerializer(serializers.ModelSerializer):
    theme = serializers.CharField(source="theme_shown", read_only=True)
    member_cities = serializers.SerializerMethodField()
    page = PageUrlField("networks:detail", lookup="slug")

    class Meta:
        model = Network
        fields = ["id", "number", "slug", "name", "kind", "theme", "description", "member_cities",
                  "page"]  # fmt: skip

    def get_member_cities(self, network) -> list[dict]:
        seen, cities = set(), []
        for row in network.member_rows:
            if row.city_id not in seen:
                seen.add(row.city_id)
                cities.append(CityBriefSerializer(row.city).data)
        return cities


class CitySerializer(serializers.ModelSerializer):
    page = PageUrlField("cities:detail", lookup="slug")

    class Meta:
        model = City
        fields = ["slug", "name", "unit_type", "county", "voivodeship", "postal_code",
                  "population", "website", "latitude", "longitude", "is_zmp_member",
                  "programme_status", "page"]  # fmt: skip


class CategorySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["id", "slug", "name", "parent"]

    def get_parent(self, category) -> dict | None:
        parent = category.parent
        return {"id": parent.pk, "slug": parent.slug, "name": str(parent)} if parent else None


class TransferSerializer(serializers.ModelSerializer):
    city = CityBriefSerializer(read_only=True)

    class Meta:
        model = Transfer
        fields = ["city", "kind", "note", "recorded_at"]


class PracticeCitySerializer(serializers.ModelSerializer):
    class Meta:
        model = City
        fields = ["slug", "name", "unit_type", "county", "voivodeship", "population"]


# The schema's descriptions are translated (gettext_lazy), not docstrings: the schema and
# Swagger UI speak the request's language.
@extend_schema_serializer(
    description=_(
        "A practice as its card shows it (Skrót i Metryka), without the full presentation."
    )
)
class PracticeSerializer(serializers.ModelSerializer):
    category = CategorySerializer(read_only=True)
    city = PracticeCitySerializer(read_only=True)
    networks = NetworkBriefSerializer(many=True, read_only=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    transfers = TransferSerializer(many=True, read_only=True)
    page = PageUrlField("practices:detail", lookup="slug")

    class Meta:
        model = Practice
        fields = ["slug", "title", "category", "city", "summary", "implementing_unit",
                  "street_address", "postal_code", "post_office", "website", "inhabitants",
                  "networks", "restricted_to_networks", "tags", "transfers", "entered_at",
                  "updated_at", "published_at", "page"]  # fmt: skip

    def to_representation(self, practice):
        """What ModelSerializer gives (the fields above: the schema's and the tests' measure,
        tests/api/test_practices_api.py compares the two), written out: through the nested
        serializers a page of 50 cost some 20 ms, most of the answer's time."""
        when = self.fields["entered_at"].to_representation
        category, city, parent = practice.category, practice.city, practice.category.parent
        return {
            "slug": practice.slug,
            "title": practice.title,
            "category": {
                "id": category.pk, "slug": category.slug, "name": str(category),
                "parent": {"id": parent.pk, "slug": parent.slug, "name": str(parent)}
                if parent else None,
            },
            "city": {
                "slug": city.slug, "name": city.name, "unit_type": city.unit_type,
                "county": city.county, "voivodeship": city.voivodeship,
                "population": city.population,
            },
            "summary": practice.summary,
            "implementing_unit": practice.implementing_unit,
            "street_address": practice.street_address,
            "postal_code": practice.postal_code,
            "post_office": practice.post_office,
            "website": practice.website,
            "inhabitants": practice.inhabitants,
            "networks": [
                {"id": network.pk, "slug": network.slug, "name": network.name}
                for network in practice.network_rows
            ],
            "restricted_to_networks": practice.restricted_to_networks,
            "tags": [tag.name for tag in practice.tag_rows],
            "transfers": [
                {"city": {"slug": transfer.city.slug, "name": transfer.city.name},
                 "kind": transfer.kind, "note": transfer.note,
                 "recorded_at": when(transfer.recorded_at) if transfer.recorded_at else None}
                for transfer in practice.transfer_rows
            ],
            "entered_at": when(practice.entered_at) if practice.entered_at else None,
            "updated_at": when(practice.updated_at) if practice.updated_at else None,
            "published_at": when(practice.published_at) if practice.published_at else None,
            "page": self.fields["page"].to_representation(practice),
        }  # fmt: skip


class ContactSerializer(serializers.Serializer):
    name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()


@extend_schema_serializer(
    description=_(
        "One practice: the card, its contact persons and the full presentation (sanitised HTML)."
    )
)
class PracticeDetailSerializer(PracticeSerializer):
    contacts = ContactSerializer(many=True, read_only=True)

    class Meta(PracticeSerializer.Meta):
        fields = [*PracticeSerializer.Meta.fields, "presentation", "contacts"]

    def to_representation(self, practice):
        data = super().to_representation(practice)
        for name in ("presentation", "contacts"):
            field = self.fields[name]
            data[name] = field.to_representation(field.get_attribute(practice))
        return data


class ResultSerializer(serializers.ModelSerializer):
    network = NetworkBriefSerializer(read_only=True)
    page = PageUrlField("results:detail")

    class Meta:
        model = Result
        fields = ["id", "network", "kind", "title", "summary", "stage", "created_at",
                  "updated_at", "published_at", "page"]  # fmt: skip


class ResultDetailSerializer(ResultSerializer):
    class Meta(ResultSerializer.Meta):
        fields = [*ResultSerializer.Meta.fields, "body"]


class MeetingBriefSerializer(serializers.ModelSerializer):
    network = NetworkBriefSerializer(read_only=True)
    host_city = CityBriefSerializer(read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "network", "topic", "starts_at", "ends_at", "format", "host_city"]


@extend_schema_serializer(description=_("A meeting's published report (its summary)."))
class MeetingReportSerializer(serializers.ModelSerializer):
    meeting = MeetingBriefSerializer(read_only=True)
    page = PageUrlField("meetings:report", lookup="meeting_id", kwarg="pk")

    class Meta:
        model = MeetingReport
        fields = ["id", "meeting", "level", "published_at", "page"]


class MeetingReportDetailSerializer(MeetingReportSerializer):
    class Meta(MeetingReportSerializer.Meta):
        fields = [*MeetingReportSerializer.Meta.fields, "body", "minutes"]


class MembershipSerializer(serializers.ModelSerializer):
    network = NetworkBriefSerializer(read_only=True)
    city = CityBriefSerializer(read_only=True)

    class Meta:
        model = Participation
        fields = ["network", "role", "status", "city", "applied_at", "decided_at", "left_at"]


class RegistrationSerializer(serializers.Serializer):
    mode = serializers.CharField()
    registered_at = serializers.DateTimeField()
    attended = serializers.BooleanField(allow_null=True)


class MyMeetingSerializer(MeetingBriefSerializer):
    registration = serializers.SerializerMethodField()
    online_url = serializers.SerializerMethodField(
        help_text=_("Shown to registered participants only, as on the meeting's page.")
    )
    page = PageUrlField("meetings:detail")

    class Meta(MeetingBriefSerializer.Meta):
        fields = [*MeetingBriefSerializer.Meta.fields, "venue_address", "draft", "cancelled_at",
                  "registration_deadline", "online_url", "registration", "page"]  # fmt: skip

    def get_registration(self, meeting) -> RegistrationSerializer(allow_null=True):
        mine = meeting.mine[0] if meeting.mine else None
        return RegistrationSerializer(mine).data if mine else None

    def get_online_url(self, meeting) -> str:
        return meeting.online_url if meeting.mine else ""


class NotificationSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    body = serializers.CharField(read_only=True)
    link = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "created_at", "read_at"]

    def get_link(self, notification) -> str:
        request = self.context.get("request")
        link = notification.link
        return request.build_absolute_uri(link) if request and link else link


@extend_schema_serializer(
    description=_(
        "What the person's access allows: who they are to the portal and where they see inside."
    )
)
class AccessSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField()
    function = serializers.CharField(allow_null=True)
    function_verified = serializers.BooleanField()
    city = CityBriefSerializer(allow_null=True)
    administrator = serializers.BooleanField()
    verified_leader = serializers.BooleanField()
    inside = NetworkBriefSerializer(many=True)
    observed = NetworkBriefSerializer(many=True)
    coordinated = NetworkBriefSerializer(many=True)
    authenticated_by = serializers.ChoiceField(
        choices=[("token", _("a personal token")), ("session", _("the portal's session"))]
    )
    token = serializers.DictField(allow_null=True)
