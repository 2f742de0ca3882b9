"""Request parsers of the API.

`json.loads` recurses once per nesting level: `'[' * 100000` raises RecursionError (a 500)
and a few thousand levels already cost deep stacks in the serializers and the renderer
that walk the result. No request of this API nests more than a few levels, so a body
nested deeper than MAX_JSON_DEPTH is refused before it is decoded.
"""

import codecs
import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

MAX_JSON_DEPTH = 32
# A JSON string, escapes included (unrolled so that long strings cost no backtracking).
JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
OPENING_OR_CLOSING = re.compile(r"[\[\]{}]")


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
            return json.loads(text, parse_constant=parse_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(f"JSON parse error - {error}") from error
