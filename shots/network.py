"""What DevTools' Network panel shows, rebuilt from Chromium's performance log."""
from __future__ import annotations

import codecs
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable


@dataclass
class NetworkEntry:
    """One HTTP request of a page (one hop of a redirect chain is one entry)."""

    request_id: str
    url: str
    method: str
    resource_type: str
    started_wall: float  # seconds since the epoch
    started_ts: float  # Chromium's monotonic clock, seconds
    status: int | None = None
    status_text: str = ""
    mime_type: str = ""
    protocol: str = ""
    remote_ip: str = ""
    request_headers: dict[str, str] = field(default_factory=dict)
    response_headers: dict[str, str] = field(default_factory=dict)
    encoded_bytes: int = 0  # bytes on the wire, headers included (CDP encodedDataLength)
    header_bytes: int = -1  # bytes of the response's status line and headers; -1: not known
    body_bytes: int = 0  # decoded body bytes
    finished_ts: float | None = None
    error: str = ""
    from_cache: bool = False
    redirect_url: str = ""
    timing: dict[str, float] | None = None  # CDP ResourceTiming

    @property
    def finished(self) -> bool:
        """Whether the request completed, failed or was redirected."""
        return self.finished_ts is not None or bool(self.error) or bool(self.redirect_url)

    @property
    def wire_body_bytes(self) -> int:
        """Bytes of the response body as sent (compressed if it was); -1 when not known.

        CDP's `encodedDataLength` counts the headers too: they are taken off here.
        """
        if self.status is None:
            return -1
        if self.from_cache or self.status == 304:
            return 0
        if self.header_bytes < 0:
            return -1
        return max(0, self.encoded_bytes - self.header_bytes)

    @property
    def chart_error(self) -> str:
        """The message of the site's error image answered in a chart's place (its X-Chart-Error header),
        read back as the site escapes it: as a Python string writes it (`\\xe9`, `\\\\`), `%` left as it is;
        "" when there is none. A header the site did not write so (a broken escape, a character beyond ASCII,
        from a server between) is shown as it came."""
        value = self.response_headers.get("x-chart-error", "")
        if not value.isascii():
            return value
        try:
            return codecs.decode(value, "unicode_escape")
        except UnicodeDecodeError:
            return value

    @property
    def duration_ms(self) -> float:
        """Time from the request being issued to its last byte, in milliseconds."""
        if self.finished_ts is None:
            return 0.0
        return max(0.0, (self.finished_ts - self.started_ts) * 1000.0)

    def summary(self) -> dict[str, Any]:
        """The row of the Network panel: URL, method, status, type, bytes and time."""
        return {
            "url": self.url,
            "method": self.method,
            "status": self.status,
            "mime_type": self.mime_type,
            "resource_type": self.resource_type,
            "bytes": self.encoded_bytes,
            "header_bytes": self.header_bytes,
            "body_bytes": self.body_bytes,
            "time_ms": round(self.duration_ms, 1),
            "timings_ms": har_timings(self),
            "remote_ip": self.remote_ip,
            "protocol": self.protocol,
            "from_cache": self.from_cache,
            "redirect_url": self.redirect_url,
            "error": self.error,
            "response_headers": self.response_headers,
        }


def _is_web_url(url: str) -> bool:
    # chrome://, devtools://, data: and blob: requests are not traffic to a server.
    return url.startswith(("http://", "https://"))


def _fill_response(entry: NetworkEntry, response: dict[str, Any]) -> None:
    entry.status = int(response.get("status", 0))
    entry.status_text = response.get("statusText", "")
    entry.mime_type = response.get("mimeType", "")
    entry.protocol = response.get("protocol", "")
    entry.remote_ip = response.get("remoteIPAddress", "")
    entry.response_headers = {k.lower(): str(v) for k, v in response.get("headers", {}).items()}
    entry.from_cache = entry.from_cache or bool(response.get("fromDiskCache"))
    entry.timing = response.get("timing")
    if response.get("encodedDataLength"):
        entry.encoded_bytes = int(response["encodedDataLength"])
        # When the response starts, Chromium has counted its header bytes only. The exact size,
        # from the header text, replaces this when Chromium reports it.
        entry.header_bytes = int(response["encodedDataLength"])


def _set_header_sizes(entries: list[NetworkEntry], reports: list[tuple[str, Any, int]]) -> None:
    """Give each hop the size of its header text, in the order Chromium reported them.

    A report may come before its request's first event or after the next hop of a redirect
    began, so they are matched afterwards: by request id, status and order.
    """
    matched: set[int] = set()
    for request_id, status, size in reports:
        for entry in entries:
            if entry.request_id == request_id and id(entry) not in matched and entry.status in (None, status):
                entry.header_bytes = size
                matched.add(id(entry))
                break


def parse_performance_log(messages: Iterable[dict[str, Any]]) -> list[NetworkEntry]:
    """Join the Network.* events of `driver.get_log("performance")` into entries."""
    entries: list[NetworkEntry] = []
    current: dict[str, NetworkEntry] = {}  # requestId -> latest hop
    header_sizes: list[tuple[str, Any, int]] = []  # (requestId, status, bytes) of each header text
    for raw in messages:
        message = json.loads(raw["message"])["message"] if "message" in raw else raw
        method, params = message.get("method", ""), message.get("params", {})
        request_id = params.get("requestId", "")
        if method == "Network.responseReceivedExtraInfo" and params.get("headersText"):
            # The raw status line and headers as received: their length is HAR's headersSize
            # (not sent for HTTP/2 and later, whose headers are compressed).
            header_sizes.append((request_id, params.get("statusCode"), len(params["headersText"])))
            continue
        if method == "Network.requestWillBeSent":
            previous = current.get(request_id)
            redirect = params.get("redirectResponse")
            if previous is not None and redirect is not None:
                # Redirects reuse the requestId: close the previous hop with its 3xx.
                _fill_response(previous, redirect)
                previous.redirect_url = params["request"]["url"]
                previous.finished_ts = params.get("timestamp")
            request = params["request"]
            if not _is_web_url(request["url"]):
                continue
            entry = NetworkEntry(
                request_id=request_id,
                url=request["url"],
                method=request.get("method", "GET"),
                resource_type=params.get("type", ""),
                started_wall=float(params.get("wallTime", 0.0)),
                started_ts=float(params.get("timestamp", 0.0)),
                request_headers={k: str(v) for k, v in request.get("headers", {}).items()},
            )
            current[request_id] = entry
            entries.append(entry)
            continue
        entry = current.get(request_id)
        if entry is None:
            continue
        if method == "Network.requestWillBeSentExtraInfo":
            entry.request_headers.update({k: str(v) for k, v in params.get("headers", {}).items()})
        elif method == "Network.responseReceived":
            _fill_response(entry, params.get("response", {}))
            entry.resource_type = params.get("type", entry.resource_type)
        elif method == "Network.requestServedFromCache":
            entry.from_cache = True
        elif method == "Network.dataReceived":
            entry.body_bytes += int(params.get("dataLength", 0))
        elif method == "Network.loadingFinished":
            entry.encoded_bytes = int(params.get("encodedDataLength", entry.encoded_bytes))
            entry.finished_ts = float(params.get("timestamp", 0.0))
        elif method == "Network.loadingFailed":
            entry.error = params.get("errorText", "failed") or "failed"
            entry.finished_ts = float(params.get("timestamp", 0.0))
    _set_header_sizes(entries, header_sizes)
    return entries


def final_hop(entries: list[NetworkEntry], url: str) -> NetworkEntry | None:
    """The last hop of the most recent request for `url`, following redirects."""
    found = None
    for entry in entries:
        if entry.url == url:
            found = entry
    hops = 0
    while found is not None and found.redirect_url and hops < 20:
        hops += 1
        nxt = [e for e in entries if e.request_id == found.request_id and e.url == found.redirect_url]
        found = nxt[-1] if nxt else found
        if not nxt:
            break
    return found


def har_timings(entry: NetworkEntry) -> dict[str, float]:
    """HAR 1.2 timings (ms; -1 = not applicable) from CDP ResourceTiming."""
    t = entry.timing
    if not t:
        return {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1,
                "send": 0, "wait": round(entry.duration_ms, 3), "receive": 0}

    def span(start: str, end: str) -> float:
        return round(t[end] - t[start], 3) if t.get(start, -1) >= 0 else -1

    # Queueing before requestTime and any stall before the first network phase count as blocked.
    queued = max(0.0, (t["requestTime"] - entry.started_ts) * 1000.0)
    starts = [t[k] for k in ("dnsStart", "connectStart", "sendStart") if t.get(k, -1) >= 0]
    blocked = queued + (starts[0] if starts else 0.0)
    headers_end = t.get("receiveHeadersEnd", 0.0)
    receive = 0.0
    if entry.finished_ts is not None:
        receive = max(0.0, (entry.finished_ts - t["requestTime"]) * 1000.0 - headers_end)
    return {
        "blocked": round(blocked, 3),
        "dns": span("dnsStart", "dnsEnd"),
        "connect": span("connectStart", "connectEnd"),
        "ssl": span("sslStart", "sslEnd"),
        "send": round(max(0.0, t.get("sendEnd", 0.0) - t.get("sendStart", 0.0)), 3),
        "wait": round(max(0.0, headers_end - t.get("sendEnd", 0.0)), 3),
        "receive": round(receive, 3),
    }


def _iso(wall: float) -> str:
    return datetime.fromtimestamp(wall, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _name_values(headers: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": v} for k, v in headers.items()]


def _query_string(url: str) -> list[dict[str, str]]:
    from urllib.parse import parse_qsl, urlsplit

    return [{"name": k, "value": v} for k, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)]


def har_entry(entry: NetworkEntry, page_id: str) -> dict[str, Any]:
    """One HAR 1.2 `entries[]` object."""
    timings = har_timings(entry)
    # HAR: `time` is the sum of the non-negative timings, ssl excluded (it is part of connect).
    total = sum(v for k, v in timings.items() if k != "ssl" and v > 0)
    http_version = (entry.protocol or "http/1.1").upper()
    item: dict[str, Any] = {
        "pageref": page_id,
        "startedDateTime": _iso(entry.started_wall),
        "time": round(total, 3),
        "request": {
            "method": entry.method,
            "url": entry.url,
            "httpVersion": http_version,
            "cookies": [],
            "headers": _name_values(entry.request_headers),
            "queryString": _query_string(entry.url),
            "headersSize": -1,
            "bodySize": 0 if entry.method in ("GET", "HEAD") else -1,
        },
        "response": {
            "status": entry.status or 0,
            "statusText": entry.status_text,
            "httpVersion": http_version,
            "cookies": [],
            "headers": _name_values(entry.response_headers),
            "content": {"size": entry.body_bytes, "mimeType": entry.mime_type or "x-unknown"},
            "redirectURL": entry.redirect_url,
            "headersSize": entry.header_bytes,
            "bodySize": entry.wire_body_bytes,
            "_transferSize": entry.encoded_bytes,
        },
        "cache": {},
        "timings": timings,
        "_resourceType": entry.resource_type.lower(),
    }
    if entry.remote_ip:
        item["serverIPAddress"] = entry.remote_ip.strip("[]")
    if entry.error:
        item["response"]["_error"] = entry.error
    return item


def to_har(
    entries: list[NetworkEntry],
    *,
    page_url: str,
    title: str,
    started_wall: float,
    on_content_load_ms: float = -1,
    on_load_ms: float = -1,
    browser_version: str = "",
) -> dict[str, Any]:
    """A HAR 1.2 document for one page load."""
    page_id = "page_1"
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "shots", "version": "1"},
            "browser": {"name": "Chromium", "version": browser_version or "unknown"},
            "pages": [{
                "startedDateTime": _iso(started_wall),
                "id": page_id,
                "title": title or page_url,
                "pageTimings": {"onContentLoad": round(on_content_load_ms, 3), "onLoad": round(on_load_ms, 3)},
            }],
            "entries": [har_entry(e, page_id) for e in entries],
        }
    }


def to_json(entries: list[NetworkEntry]) -> list[dict[str, Any]]:
    """The Network panel as a list of plain dicts."""
    return [e.summary() for e in entries]

