"""Domain layer support: memoising lookups on their arguments."""

from __future__ import annotations

from functools import lru_cache, wraps

_ALL: list = []  # every memoised function's cache_clear, for clear_all


def memoised(maxsize: int):
    """Return a decorator that caches a function's results on its arguments.

    The cache is typed, so True never answers for 1 (they are equal and hash alike), and
    unhashable arguments skip it and meet the function's own validation, so a list gets
    the package's error rather than a TypeError. The decorated function has cache_clear().
    """
    def decorate(fn):
        memo = lru_cache(maxsize=maxsize, typed=True)(fn)

        @wraps(fn)
        def call(*args, **kwargs):
            try:
                return memo(*args, **kwargs)
            except TypeError:
                return fn(*args, **kwargs)

        call.cache_clear = memo.cache_clear
        _ALL.append(memo.cache_clear)
        return call
    return decorate


def clear_all() -> None:
    """Forget every memoised result: the data they were worked from has changed (another
    guide edition is in use)."""
    for clear in _ALL:
        clear()
