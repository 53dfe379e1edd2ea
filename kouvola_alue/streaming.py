"""
Big downloads sent as they are written (``StreamingHttpResponse``): the open-data files and the
calendars. Their rows are read from the database a chunk at a time (``.iterator(chunk_size=…)``)
and the text handed to the server in pieces, so the first bytes leave at once and a worker's
memory stays the same however large the file grows.
"""

from django.utils import translation

# A streamed file is sent in pieces of about this many characters: big enough for gzip to
# compress well and for few writes, small enough that no worker holds a whole file.
CHUNK_CHARACTERS = 64 * 1024


def chunked(pieces, *, language=None):
    """
    ``pieces`` of text joined into UTF-8 chunks of about ``CHUNK_CHARACTERS``. The pieces are
    made while the server sends the response, after the view has returned: ``language`` (by
    default the request's, active now) stays active while they are made.
    """
    language = language or translation.get_language()
    with translation.override(language):
        buffer, size = [], 0
        for piece in pieces:
            buffer.append(piece)
            size += len(piece)
            if size >= CHUNK_CHARACTERS:
                yield "".join(buffer).encode()
                buffer, size = [], 0
        if buffer:
            yield "".join(buffer).encode()
