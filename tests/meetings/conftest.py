import pytest

from networks.choices import Role
from tests.factories import NetworkFactory, ParticipationFactory


@pytest.fixture
def network():
    return NetworkFactory()


@pytest.fixture
def coordinator(network):
    return ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
