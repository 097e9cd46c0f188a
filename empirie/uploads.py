"""Uploaded files, one way for every record that has them (a meeting's photos and documents, a
practice's or a result's attachments, and whatever comes next): checked by their content, kept
in private storage, written and deleted with the transaction that records them, and served only
after the owner's rules.

A new kind of record gets attachments or photos with a model built on `Attachment` or `Photo`
that names its owner (`owner_field`), a service that locks the owner, checks its rule and calls
`attachment_saved` or `photo_saved`, and views that find the file through the model's
`visible_to` and answer with `served`."""

import hashlib
import io
import mimetypes
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MIN_PHOTO_SIDE, MAX_PHOTO_SIDE = 200, 8000
# Documents, and photos, sent together with one text (a discussion post).
MAX_FILES_SENT = 5
TOO_MANY = {
    "documents": ngettext_lazy(
        "A post may have at most %(num)d document.", "A post may have at most %(num)d documents.",
        "num",
    ),
    "photos": ngettext_lazy(
        "A post may have at most %(num)d photo.", "A post may have at most %(num)d photos.", "num"
    ),
}  # fmt: skip
THUMBNAIL_SIZE = (480, 480)
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Office files are zip packages; the folder inside tells which program made them.
OFFICE_PACKAGES = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ATTACHMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


# Checking: by content, never by the file's name


def photo_checked(upload) -> tuple[ContentFile, int, int]:
    """The photo re-encoded (metadata such as GPS position dropped), with its size; or why not."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("A photo may have at most 10 MB."))
    try:
        with Image.open(upload) as image:
            image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except Image.DecompressionBombError as error:  # far more pixels than a photo needs
        raise ValidationError(
            _("A photo must be between %(min)d and %(max)d pixels on each side.")
            % {"min": MIN_PHOTO_SIDE, "max": MAX_PHOTO_SIDE}
        ) from error
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(_("This file is not a photo (JPEG, PNG or WebP).")) from error
    if image.format not in PHOTO_FORMATS:
        raise ValidationError(_("Photos must be JPEG, PNG or WebP."))
    width, height = image.size
    if min(width, height) < MIN_PHOTO_SIDE or max(width, height) > MAX_PHOTO_SIDE:
        raise ValidationError(
            _("A photo must be between %(min)d and %(max)d pixels on each side.")
            % {"min": MIN_PHOTO_SIDE, "max": MAX_PHOTO_SIDE}
        )
    output = io.BytesIO()
    clean = image.convert("RGB") if image.format == "JPEG" else image
    clean.save(output, format=image.format, quality=88)
    return (
        ContentFile(output.getvalue(), name=f"photo.{PHOTO_FORMATS[image.format]}"),
        width,
        height,
    )


def thumbnail_of(file) -> ContentFile:
    with Image.open(file) as image:
        image.thumbnail(THUMBNAIL_SIZE)
        output = io.BytesIO()
        image.convert("RGB").save(output, format="JPEG", quality=80)
    return ContentFile(output.getvalue(), name="thumbnail.jpg")


def attachment_kind(upload) -> str:
    """pdf, docx, xlsx or pptx, told by the file's content, not its name; or why not."""
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("An attachment may have at most 20 MB."))
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as package:
                names = package.namelist()
        except zipfile.BadZipFile:
            names = []
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for kind, folder in OFFICE_PACKAGES.items():
                if any(name.startswith(folder) for name in names):
                    return kind
    raise ValidationError(_("Attachments must be PDF, DOCX, XLSX or PPTX files."))


# Storing: one storage, and files that follow the transaction


class PrivateStorage(FileSystemStorage):
    """Files no web server serves directly: PRIVATE_MEDIA_ROOT, with no URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT  # read when used, so a test may point it elsewhere

    @property
    def location(self):
        return str(Path(self.base_location).resolve())


def is_bucket(storage) -> bool:
    """Whether the storage is a bucket (empirie/bucket_storage.py), told without loading boto3
    when there is none: no such storage exists before its module is imported."""
    s3 = sys.modules.get("storages.backends.s3")
    return s3 is not None and isinstance(storage, s3.S3Storage)


def sha256_of(file) -> str:
    """The SHA-256 of an open file, read from where it is to its end."""
    digest = hashlib.sha256()
    while chunk := file.read(1024 * 1024):
        digest.update(chunk)
    return digest.hexdigest()


class _PrivateFiles(LazyObject):
    """The storage named "private" in STORAGES, looked up again whenever that setting changes
    (a test's bucket): the models' fields keep this, not the storage it was at start."""

    def _setup(self):
        self._wrapped = storages["private"]


private_files = _PrivateFiles()


def _private_storage_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        private_files._wrapped = empty


setting_changed.connect(_private_storage_changed)


def private_storage():
    """Where every upload is kept: the storage named "private" in STORAGES, the local folder or
    a bucket (STORAGE_URL). Moving uploads to shared object storage is a change of that setting
    alone."""
    return private_files


class _RemovedUnlessCommitted:
    """Given to on_commit for a file just written. Django has no on_rollback: it calls this when
    the transaction commits, and drops it uncalled when the transaction (or the savepoint it was
    written in) rolls back. Dropped uncalled, it deletes the file, which no row names any more.
    (Should an earlier on-commit callback of the same transaction fail, Django drops the later
    ones too; the portal's own callbacks do not raise.)"""

    def __init__(self, delete, name):
        self.delete, self.name = delete, name

    def __call__(self):
        self.name = None  # committed: the file stays

    def __del__(self):
        if self.name:
            self.delete(self.name)


class PrivateFieldFile(FieldFile):
    def save(self, name, content, save=True):
        super().save(name, content, save=False)
        # The storage's own delete: the one written to, should the setting change meanwhile.
        transaction.on_commit(_RemovedUnlessCommitted(self.storage.delete, self.name))
        if save:
            self.instance.save()


class PrivateFileField(models.FileField):
    """A file in private storage that follows its row's transaction: written now and removed
    again if the transaction rolls back; deleted once the row's deletion commits, however the
    row goes (a service, the admin, a cascade from what it belongs to), and kept if that
    deletion rolls back."""

    attr_class = PrivateFieldFile

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("storage", private_storage)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("storage") is private_storage:
            del kwargs["storage"]
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            post_delete.connect(self.delete_after_commit, sender=cls)

    def delete_after_commit(self, instance, using, **kwargs):
        file_name, delete = getattr(instance, self.attname).name, self.storage.delete
        if file_name:
            transaction.on_commit(lambda: delete(file_name), using=using, robust=True)


# Serving: after the caller has asked the owner's rules

NOT_KEPT = "private, no-store"


def cache_control(network=None, *, inside_only=False) -> str:
    """Kept only by the reader's browser, for an hour; not at all when it belongs to a closed
    network or to a network's inside (a person who leaves must not keep finding it)."""
    from networks.access import leaves_inside  # networks' models read this module

    if inside_only or (network is not None and not leaves_inside(network)):
        return NOT_KEPT
    return "private, max-age=3600"


def served(fieldfile, *, filename, network=None, inside_only=False, shown=False) -> HttpResponse:
    """The file as a download, kept only privately; a photo (`shown`: an image recognised by
    its content when it came, and saved by its kind) opens in the browser, as "full size"
    promises. 404 when there is none, or it is gone from the storage.

    From a bucket, a file that may be kept anyway (`cache_control`) is a redirect to a signed
    address valid STORAGE_SIGNED_URL_SECONDS (at most a minute). Every other file (a closed
    network's, a network's inside) is never given an address of its own, so access ends with
    the next request: streamed by the portal, or sent by nginx from its internal location
    (STORAGE_ACCEL_REDIRECT_PREFIX) once this answer tells it to."""
    if not fieldfile:
        raise Http404
    kept = cache_control(network, inside_only=inside_only)
    disposition = content_disposition_header(not shown, filename)
    storage, seconds = fieldfile.storage, min(settings.STORAGE_SIGNED_URL_SECONDS, 60)
    if is_bucket(storage) and kept != NOT_KEPT and seconds > 0:
        response = HttpResponseRedirect(
            _signed_address(fieldfile, seconds, ResponseContentDisposition=disposition,
                            ResponseContentType=_content_type(filename),
                            ResponseCacheControl=kept)
        )  # fmt: skip
        response["Cache-Control"] = NOT_KEPT  # the redirect itself: asked again each time
        return response
    if prefix := settings.STORAGE_ACCEL_REDIRECT_PREFIX.rstrip("/"):
        response = HttpResponse(content_type=_content_type(filename))
        response["X-Accel-Redirect"] = prefix + _internal_path(fieldfile)
        response["Content-Disposition"] = disposition
    else:
        try:
            opened = fieldfile.open("rb")
        except OSError as error:
            raise Http404 from error
        response = FileResponse(opened, as_attachment=not shown, filename=filename)
    response["Cache-Control"] = kept
    return response


def _content_type(filename) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _signed_address(fieldfile, seconds, **parameters) -> str:
    if not fieldfile.storage.exists(fieldfile.name):
        raise Http404
    return fieldfile.storage.url(fieldfile.name, parameters=parameters, expire=seconds)


def _internal_path(fieldfile) -> str:
    """The file's place behind nginx's internal location: its name in the folder (the
    location's `alias`), or the bucket's signed path and query (the location's `proxy_pass` to
    the bucket), which only nginx sees and uses at once."""
    if is_bucket(fieldfile.storage):
        address = urlsplit(_signed_address(fieldfile, 60))
        return f"{address.path}?{address.query}"
    if not fieldfile.storage.exists(fieldfile.name):
        raise Http404
    return "/" + quote(fieldfile.name)


# The models' common part


class OwnedFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A file goes to whoever sees the record it belongs to."""
        owner = self.model._meta.get_field(self.model.owner_field)
        return self.filter(**{f"{owner.name}__in": owner.related_model.objects.visible_to(user)})


def _owner_id(record):
    return getattr(record, record._meta.get_field(record.owner_field).attname)


def attachment_path(attachment, filename):
    """Each record's files in a folder of their own: practices/12/attachments/document.pdf."""
    return f"{attachment._meta.app_label}/{_owner_id(attachment)}/attachments/{filename}"


def photo_path(photo, filename):
    return f"{photo._meta.app_label}/{_owner_id(photo)}/photos/{filename}"


class Upload(models.Model):
    """What every uploaded file's row records besides the file: who uploaded it, when, and the
    record it belongs to (each model adds the ForeignKey to it and names it in `owner_field`)."""

    owner_field: str

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(gettext_lazy("uploaded at"), auto_now_add=True)

    objects = OwnedFileQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]


class Attachment(Upload):
    """A document (PDF, DOCX, XLSX or PPTX) of a record; its ForeignKey to the record has the
    related_name "attachments"."""

    file = PrivateFileField(gettext_lazy("file"), upload_to=attachment_path)
    title = models.CharField(gettext_lazy("title"), max_length=200)
    kind = models.CharField(gettext_lazy("type"), max_length=4)
    size = models.PositiveIntegerField(gettext_lazy("size in bytes"))

    class Meta(Upload.Meta):
        abstract = True
        verbose_name = gettext_lazy("attachment")
        verbose_name_plural = gettext_lazy("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=list(ATTACHMENT_TYPES)),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def download_name(self) -> str:
        return f"{slugify(self.title) or 'dokument'}.{self.kind}"


class Photo(Upload):
    """A photo of a record; its thumbnail is made by a task after the upload commits."""

    image = PrivateFileField(gettext_lazy("photo"), upload_to=photo_path)
    thumbnail = PrivateFileField(gettext_lazy("thumbnail"), upload_to=photo_path, blank=True)
    caption = models.CharField(
        gettext_lazy("description"),
        max_length=300,
        help_text=gettext_lazy("What the photo shows, for people who cannot see it."),
    )
    width = models.PositiveIntegerField(gettext_lazy("width"))
    height = models.PositiveIntegerField(gettext_lazy("height"))

    class Meta(Upload.Meta):
        abstract = True
        verbose_name = gettext_lazy("photo")
        verbose_name_plural = gettext_lazy("photos")

    def __str__(self):
        return self.caption


# Writing: what the owners' services call once they have locked the owner and checked its rule


def attachment_saved(attachment: Attachment, upload, *, title: str, by) -> Attachment:
    """Store an uploaded document (told by its content) on a new attachment row, and save it."""
    attachment.kind = attachment_kind(upload)
    attachment.title = title.strip()
    attachment.size = upload.size
    attachment.uploaded_by = by
    attachment.file.save(f"document.{attachment.kind}", upload, save=False)
    attachment.save()
    return attachment


def photo_saved(photo: Photo, upload, *, caption: str, by) -> Photo:
    """Store an uploaded photo, checked and re-encoded, on a new photo row, and save it; the
    caller queues its thumbnail after the commit (`thumbnail_made`)."""
    content, photo.width, photo.height = photo_checked(upload)
    photo.caption = caption.strip()
    photo.uploaded_by = by
    photo.image.save(content.name, content, save=False)
    photo.save()
    return photo


def thumbnail_made(model: type[Photo], photo_id: int) -> bool:
    """The photo's thumbnail, made once: a repeated task, or one for a photo since deleted,
    does nothing."""
    photos = model._default_manager
    with transaction.atomic():
        photo = photos.select_for_update().filter(pk=photo_id).first()
        if photo is None or photo.thumbnail:
            return False
        with photo.image.open("rb") as image:
            thumbnail = thumbnail_of(image)
        photo.thumbnail.save(thumbnail.name, thumbnail, save=False)
        # Only this column: the row's other fields are the uploader's.
        photos.filter(pk=photo.pk).update(thumbnail=photo.thumbnail.name)
    return True


def _each_saved(kind: str, rows, save, *, kept: int) -> list:
    """`save(row)` for each of the files sent together (`kind`: "documents" or "photos"), at
    most MAX_FILES_SENT with the `kept` ones. A refusal names its place, for the form to say it
    at its row: ValidationError keyed (kind, the row's position, its field), or keyed `kind`
    for too many; the caller's transaction then undoes those saved before, files and all."""
    if kept + len(rows) > MAX_FILES_SENT:
        raise ValidationError({kind: TOO_MANY[kind] % {"num": MAX_FILES_SENT}})
    saved = []
    for position, row in enumerate(rows):
        try:
            saved.append(save(row))
        except ValidationError as error:
            raise ValidationError(
                {(kind, position, field): why for field, why in error.message_dict.items()}
            ) from error
    return saved


def documents_saved(make, documents, *, by, kept=0) -> list[Attachment]:
    """Documents sent together with a text (each {"file", "title"}), each stored on a new row
    that `make()` gives, in order; see `_each_saved` for the refusals."""

    def save(row):
        if not row["title"].strip():
            raise ValidationError({"title": _("Give the document a title.")})
        try:
            return attachment_saved(make(), row["file"], title=row["title"], by=by)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error

    return _each_saved("documents", documents, save, kept=kept)


def photos_saved(make, photos, *, by, kept=0) -> list[Photo]:
    """Photos sent together with a text (each {"image", "caption"}), as `documents_saved`;
    the caller queues their thumbnails after the commit."""

    def save(row):
        if not row["caption"].strip():
            raise ValidationError(
                {"caption": _("Say what the photo shows, for people who cannot see it.")}
            )
        try:
            return photo_saved(make(), row["image"], caption=row["caption"], by=by)
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from error

    return _each_saved("photos", photos, save, kept=kept)
