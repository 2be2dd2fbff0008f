"""One exception family for all of Resolute, named for what went wrong in the domain.

Each kind carries a machine-readable ``code`` and a message for people. Nothing here knows
how an error travels: the HTTP layer maps kinds to statuses in one table
(``service/errors.py``), the command line prints the message.
"""


class ResoluteError(Exception):
    code = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ResoluteError):
    """What a caller sent is not acceptable (a question too long, a k out of range)."""

    code = "bad_request"


class InvalidSymbol(InvalidInput):
    code = "invalid_symbol"


class InvalidParagraphId(InvalidInput):
    code = "invalid_paragraph_id"


class NotFound(ResoluteError):
    code = "not_found"


class ParseError(ResoluteError):
    """A text that is not a resolution, or that cannot be parsed faithfully."""

    code = "parse_error"

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ConfigError(ResoluteError):
    """A setting names something that does not exist or cannot work (a model, a provider)."""

    code = "invalid_setting"


class Unavailable(ResoluteError):
    """Something the answer needs (Redis, the index, a model server) does not answer."""

    code = "unavailable"
