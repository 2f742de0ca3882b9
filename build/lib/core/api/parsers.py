"""Request parsers of the API.

`json.loads` recurses once per nesting level: `'[' * 100000` raises RecursionError (a 500)
and a few thousand levels already cost deep stacks in the serializers and the renderer
that walk the result. No request of this API nests more than a few levels, so a body
nested deeper than MAX_JSON_DEPTH is refused before it is decoded.

Strings must be Unicode text: `"\\ud800"` (a lone surrogate) decodes to a str that cannot
be encoded to UTF-8, so the first `.encode()` or database write on it fails with a 500.
DRF's CharField refuses them, but code that reads `request.data` before a serializer (a
throttle keyed by the email, say) would not; the parser refuses them for everyone.
"""

import codecs
import json as stdlib_json
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

MAX_JSON_DEPTH = 32
# A JSON string, escapes included (unrolled so that long strings cost no backtracking).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
OPENING_OR_CLOSING = re.compile(r"[\[\]{}]")
# Only an escape can put a surrogate in the decoded data: the body itself is strict UTF-8.
SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def json_depth_exceeds(text: str, limit: int) -> bool:
    """True when arrays and objects nest deeper than `limit` (brackets in strings aside)."""
    depth = 0
    for bracket in OPENING_OR_CLOSING.finditer(JSON_STRING.sub("", text)):
        if bracket.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = codecs.getreader(encoding)(stream).read()
        except ValueError as error:  # UnicodeDecodeError included
            raise ParseError(f"JSON parse error - {error}") from error
        if json_depth_exceeds(text, MAX_JSON_DEPTH):
            raise ParseError(
                f"JSON nested deeper than {MAX_JSON_DEPTH} levels is not accepted.",
                code="json_too_deep",
            )
        try:
            parse_constant = json.strict_constant if self.strict else None
            data = json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(f"JSON parse error - {error}") from error
        if SURROGATE_ESCAPE.search(text) and not is_unicode_text(data):
            raise ParseError(
                "JSON strings must be Unicode text (no unpaired surrogates).",
                code="invalid_unicode",
            )
        return data


def is_unicode_text(data) -> bool:
    try:
        stdlib_json.dumps(data, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return False
    return True
