"""The storage of uploads in an S3-compatible bucket (STORAGE_URL, settings/base.py), in a module
of its own: a portal without a bucket never loads boto3."""

from storages.backends.s3 import S3Storage


class PrivateBucketStorage(S3Storage):
    """Files in an S3-compatible bucket that every web server and worker shares (STORAGE_URL):
    private objects, never overwritten by a file of the same name, and no address but a signed
    one that `served` asks for."""

    default_acl = "private"
    file_overwrite = False
    querystring_auth = True
    querystring_expire = 60
    signature_version = "s3v4"
    # A file read back (a thumbnail's photo, a download) waits in memory up to 2 MB, on disk above.
    max_memory_size = 2 * 1024 * 1024

    def names(self) -> list[str]:
        """Every file in the bucket (below the storage's folder), by its name in the storage."""
        prefix = f"{self.location.strip('/')}/" if self.location else ""
        return sorted(
            entry.key.removeprefix(prefix) for entry in self.bucket.objects.filter(Prefix=prefix)
        )
