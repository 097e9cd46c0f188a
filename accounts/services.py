from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from cities.models import City

from .models import Profile, User


@transaction.atomic
def person_complete_signup(
    *, user: User, first_name: str, last_name: str, city: City, function: str
) -> Profile:
    """Record the name, city and declared function a person gave when signing up."""
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    return Profile.objects.create(user=user, city=city, function=function)


def email_queue(message) -> None:
    """Send an e-mail message through the queue once the current transaction commits."""
    from .tasks import send_email  # tasks import this module

    payload = {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "alternatives": [list(alternative) for alternative in getattr(message, "alternatives", [])],
    }
    transaction.on_commit(lambda: send_email.delay(payload))


def email_send(payload: dict) -> None:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    message.send()
