"""One exception family for all of Resolute; each kind carries its HTTP status and code.

The service turns any ResoluteError into the one JSON error shape
``{"error": {"code": ..., "message": ...}}``; the CLI prints the message.
"""


class ResoluteError(Exception):
    status = 500
    code = "internal_error"
    headers: dict[str, str] = {}  # sent with the error's HTTP answer (e.g. WWW-Authenticate)

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadRequest(ResoluteError):
    status = 400
    code = "bad_request"


class InvalidSymbol(BadRequest):
    code = "invalid_symbol"


class InvalidParagraphId(BadRequest):
    code = "invalid_paragraph_id"


class NotFound(ResoluteError):
    status = 404
    code = "not_found"


class ParseError(ResoluteError):
    """A text that is not a resolution, or that cannot be parsed faithfully."""

    status = 422
    code = "parse_error"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class Unavailable(ResoluteError):
    status = 503
    code = "unavailable"
