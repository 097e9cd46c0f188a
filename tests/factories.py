from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.choices import Function, FunctionStatus
from accounts.models import Profile, User
from cities.choices import UnitType, Voivodeship
from cities.models import City
from networks.choices import NetworkKind, ParticipationStatus, Role
from networks.models import Network, Participation

PASSWORD = "correct-horse-battery-staple"


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name = factory.Sequence(lambda n: f"Miasto {n}")
    slug = factory.Sequence(lambda n: f"miasto-{n}")
    unit_type = UnitType.URBAN
    county = factory.Sequence(lambda n: f"powiat {n}")
    voivodeship = Voivodeship.MALOPOLSKIE
    postal_code = "32-700"
    population = 30000
    latitude = Decimal("50.0")
    longitude = Decimal("20.0")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Kowalska{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    city = factory.SubFactory(CityFactory)
    function = Function.STAFF
    function_status = FunctionStatus.DECLARED

    class Params:
        verified = factory.Trait(
            function_status=FunctionStatus.VERIFIED,
            function_verified_at=factory.LazyFunction(timezone.now),
        )


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    number = factory.Sequence(lambda n: 100 + n)
    slug = factory.Sequence(lambda n: f"siec-{n}")
    name = factory.Sequence(lambda n: f"SIEĆ {n}")
    theme = "Temat"
    kind = NetworkKind.THEMATIC


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    person = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)
    city = factory.SubFactory(CityFactory)
    role = Role.MEMBER
    status = ParticipationStatus.ACCEPTED
    decided_at = factory.LazyFunction(timezone.now)
