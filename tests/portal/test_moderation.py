"""The shared moderation (empirie.moderation): every model built on it names the text it is
about, as the acts and the reported queues read it."""

import pytest
from django.apps import apps
from django.db import models

from empirie.moderation import ModerationRecord, Report


@pytest.mark.parametrize("base", [Report, ModerationRecord])
def test_each_report_and_record_names_its_texts_foreign_key(base):
    built = [model for model in apps.get_models() if issubclass(model, base)]
    assert len(built) >= 2  # a result's comments and a discussion's posts
    for model in built:
        field = model._meta.get_field(model.reported_field)
        assert isinstance(field, models.ForeignKey), model
        assert field.remote_field.on_delete is models.CASCADE, model
