"""The project's exception tree: one root, a few kinds, messages that say what to do.

Every error raised on purpose by ``geo`` derives from :class:`ConflictMapError`, so a
caller (the CLI, the dashboard) can catch one class and show ``str(error)``, which is
always a single line naming the input and the reason.

>>> try:
...     raise InputError("seeds/x.txt", "file is empty")
... except ConflictMapError as error:
...     print(error)
seeds/x.txt: file is empty
"""

from __future__ import annotations


class ConflictMapError(Exception):
    """Root of every error that ``geo`` raises on purpose."""


class InputError(ConflictMapError):
    """An input (article, dataset row, correction) cannot be used.

    ``where`` names the input (a path, ``path:row``, an uploaded file name) and
    ``reason`` says why; the message is ``"<where>: <reason>"`` on one line.
    """

    def __init__(self, where: str, reason: str):
        self.where = str(where)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.where}: {self.reason}")


class UndatedArticleError(InputError):
    """An article carries no publication date and none was supplied."""


class DatasetFormatError(InputError):
    """An event dataset is not one of the formats we read (UCDP GED, ACLED, ours)."""


class GeocodingError(ConflictMapError):
    """A name could not be placed, or the online geocoder failed."""


class OnlineGeocoderUnavailable(GeocodingError):
    """The optional online geocoder could not be reached; callers fall back offline."""


class DataDirError(ConflictMapError):
    """A data directory is missing files or holds files of another format."""


class BusyError(ConflictMapError):
    """Another process holds a lock for longer than the wait allows; the message names it."""
