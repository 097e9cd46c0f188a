import re

from accounts.models import OutgoingEmail
from invitations import paste, services
from networks.choices import Role
from tests.factories import NetworkFactory, ParticipationFactory


def coordinated(**network):
    network = NetworkFactory(**network)
    coordinator = ParticipationFactory(network=network, role=Role.COORDINATOR, city=None).person
    return network, coordinator


def invite(network, coordinator, text, role=Role.MEMBER):
    invitees, problems = paste.parse(text)
    assert not problems, problems
    return services.invitations_send(
        network_id=network.pk, by=coordinator, invitees=invitees, role=role
    )


def links_to(email) -> list[str]:
    """The invitation links e-mailed to the address, oldest first (read from the outbox)."""
    bodies = OutgoingEmail.objects.filter(to=[email]).order_by("pk").values_list("body", flat=True)
    return [m for body in bodies for m in re.findall(r"https?://\S+/zaproszenie/[\w-]+/", body)]


def token_of(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]
