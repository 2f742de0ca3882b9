from rest_framework.filters import SearchFilter


class SafeSearchFilter(SearchFilter):
    """SearchFilter that drops NUL characters, which PostgreSQL text cannot hold (a search
    for one would otherwise fail in the database)."""

    def get_search_terms(self, request):
        return [term.replace("\x00", "") for term in super().get_search_terms(request) if term]
