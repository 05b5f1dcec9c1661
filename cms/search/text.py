"""Words to search terms: the same analysis for indexing and for queries, per language.

Each language's Snowball stemmer (the algorithms Elasticsearch's and PostgreSQL's
language analyzers use) is named in the language registry, `cms/languages.py`; both
backends index and query the terms stemmed here, so they read a word the same way.
A language Snowball has no stemmer for (Sami, Meänkieli) is matched as written.
"""

import re
from functools import cache, lru_cache

import snowballstemmer

from cms import languages

WORD = re.compile(r"\w+", re.UNICODE)


class _AsWritten:
    """The stemmer of a language Snowball has none for: a word is its own term."""

    def stemWord(self, word):  # noqa: N802 - snowballstemmer's name
        return word


@cache
def _stemmer(language):
    algorithm = languages.get(language).stemmer
    return snowballstemmer.stemmer(algorithm) if algorithm else _AsWritten()


def words(text):
    """Lower-cased words of a text, in order (numbers count as words: "3 rum")."""
    return [word for word in WORD.findall((text or "").casefold()) if word != "_"]


@lru_cache(maxsize=200_000)  # a region's vocabulary is small; stemming is pure Python
def stem(word, language):
    return _stemmer(language).stemWord(word)


def terms(text, language):
    """The stemmed terms a document is indexed under."""
    return [stem(word, language) for word in words(text)]


def edit_distance(a, b, limit):
    """Levenshtein distance of a and b, or limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def typo_limit(word):
    """How many edits a query word may be away from an indexed term (Elasticsearch's fuzziness "AUTO:4,8")."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2
