"""allauth's 429 (too many log-ins from one address) is the portal's page, in Polish."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, ProfileFactory

pytestmark = pytest.mark.django_db


def test_too_many_log_ins_get_the_portals_polish_429_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    profile = ProfileFactory()
    responses = [
        client.post(reverse("account_login"), {"login": profile.user.email, "password": PASSWORD})
        for _attempt in range(3)
    ]
    response = responses[-1]
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too Many Requests" not in page
    assert "Zbyt wiele prób" in page
    assert 'lang="pl"' in page and "site-header" in page  # the portal's layout
    assert response["Retry-After"] == "60"
