"""Uploaded files of meetings: checked by their content, kept outside the public media folder,
and served only through a view that asks the rules first."""

import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MIN_PHOTO_SIDE, MAX_PHOTO_SIDE = 200, 8000
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


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files no web server serves directly: PRIVATE_MEDIA_ROOT, with no URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(Path(self.base_location).resolve())


private_storage = PrivateStorage()


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
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
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


def document_saved(attachment, upload, *, title: str, by):
    """Store an uploaded document (PDF, DOCX, XLSX, PPTX, told by content) on an attachment
    row of any kind (meeting, practice, result), and save the row."""
    attachment.kind = attachment_kind(upload)
    attachment.title = title.strip()
    attachment.size = upload.size
    attachment.uploaded_by = by
    attachment.file.save(f"document.{attachment.kind}", upload, save=False)
    attachment.save()
    return attachment


def document_deleted(attachment) -> None:
    """Remove the attachment row; its file goes only once the row is gone for good."""
    with transaction.atomic():
        attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(attachment.file.name))


def cache_control(network=None, *, inside_only=False) -> str:
    """Kept only by the reader's browser, for an hour; not at all when it belongs to a closed
    network or to a network's inside (a person who leaves must not keep finding it)."""
    from networks.access import leaves_inside  # networks' models read this module

    if inside_only or (network is not None and not leaves_inside(network)):
        return "private, no-store"
    return "private, max-age=3600"


def document_response(attachment, *, network=None, inside_only=False):
    """The document as a download, never shown in the browser, kept only privately."""
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=f"{slugify(attachment.title) or 'dokument'}.{attachment.kind}",
    )
    response["Cache-Control"] = cache_control(network, inside_only=inside_only)
    return response
