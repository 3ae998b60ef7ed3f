"""The Network panel and HAR rebuilt from Chromium's performance log, on hand-written events."""
from __future__ import annotations

import json

from shots.network import har_entry, parse_performance_log

HEADERS_200 = "HTTP/1.1 200 OK\r\nContent-Type: image/svg+xml\r\nContent-Length: 1000\r\n\r\n"
HEADERS_302 = "HTTP/1.1 302 FOUND\r\nLocation: /new.svg\r\nContent-Length: 0\r\n\r\n"


def _log(*events: tuple[str, dict]) -> list[dict]:
    """Events as `driver.get_log("performance")` returns them."""
    return [{"message": json.dumps({"message": {"method": method, "params": params}})} for method, params in events]


def _request(request_id: str, url: str, t: float, **extra) -> tuple[str, dict]:
    return ("Network.requestWillBeSent", {"requestId": request_id, "timestamp": t, "wallTime": 1.8e9 + t,
                                          "type": "Image", "request": {"url": url, "method": "GET"}, **extra})


def _response(request_id: str, status: int, headers_text: str) -> tuple[str, dict]:
    return ("Network.responseReceived", {"requestId": request_id, "type": "Image", "response": {
        "status": status, "mimeType": "image/svg+xml", "headers": {}, "encodedDataLength": len(headers_text)}})


def _headers(request_id: str, status: int, text: str) -> tuple[str, dict]:
    return ("Network.responseReceivedExtraInfo", {"requestId": request_id, "statusCode": status, "headersText": text})


def test_har_body_size_is_the_body_alone_and_headers_size_the_headers():
    # Chromium's encodedDataLength counts the response headers as well as the body.
    wire = len(HEADERS_200) + 1000
    [entry] = parse_performance_log(_log(
        _request("1", "http://127.0.0.1/a.svg", 10.0),
        _headers("1", 200, HEADERS_200),
        _response("1", 200, HEADERS_200),
        ("Network.dataReceived", {"requestId": "1", "dataLength": 1000, "encodedDataLength": 1000}),
        ("Network.loadingFinished", {"requestId": "1", "timestamp": 10.1, "encodedDataLength": wire}),
    ))
    response = har_entry(entry, "page_1")["response"]
    assert response["headersSize"] == len(HEADERS_200)
    assert response["bodySize"] == 1000
    assert response["_transferSize"] == wire
    assert response["content"]["size"] == 1000


def test_a_redirect_hop_gets_its_own_headers_even_when_they_are_reported_late():
    wire = len(HEADERS_200) + 1000
    redirect = {"status": 302, "mimeType": "text/html", "headers": {"Location": "/new.svg"},
                "encodedDataLength": len(HEADERS_302)}
    first, second = parse_performance_log(_log(
        _request("7", "http://127.0.0.1/old.svg", 20.0),
        _request("7", "http://127.0.0.1/new.svg", 20.05, redirectResponse=redirect),
        _headers("7", 302, HEADERS_302),  # after the next hop began
        _headers("7", 200, HEADERS_200),
        _response("7", 200, HEADERS_200),
        ("Network.loadingFinished", {"requestId": "7", "timestamp": 20.1, "encodedDataLength": wire}),
    ))
    hop = har_entry(first, "page_1")["response"]
    assert (hop["status"], hop["headersSize"], hop["bodySize"], hop["redirectURL"]) == (
        302, len(HEADERS_302), 0, "http://127.0.0.1/new.svg")
    final = har_entry(second, "page_1")["response"]
    assert (final["status"], final["headersSize"], final["bodySize"]) == (200, len(HEADERS_200), 1000)


def test_without_header_text_the_bytes_counted_when_the_response_started_are_the_headers():
    # HTTP/2 sends no header text; Chromium's count when the response started is the headers.
    [entry] = parse_performance_log(_log(
        _request("1", "https://example.test/a.svg", 1.0),
        _response("1", 200, "x" * 90),
        ("Network.loadingFinished", {"requestId": "1", "timestamp": 1.1, "encodedDataLength": 1090}),
    ))
    response = har_entry(entry, "p")["response"]
    assert (response["headersSize"], response["bodySize"]) == (90, 1000)


def test_unknown_header_size_leaves_body_size_unknown_and_failures_have_none():
    no_count, failed = parse_performance_log(_log(
        _request("1", "http://127.0.0.1/a.svg", 1.0),
        _response("1", 200, ""),
        ("Network.loadingFinished", {"requestId": "1", "timestamp": 1.1, "encodedDataLength": 1090}),
        _request("2", "http://127.0.0.1/b.svg", 1.0),
        ("Network.loadingFailed", {"requestId": "2", "timestamp": 1.2, "errorText": "net::ERR_CONNECTION_REFUSED"}),
    ))
    assert (har_entry(no_count, "p")["response"]["headersSize"], har_entry(no_count, "p")["response"]["bodySize"]) == (-1, -1)
    assert har_entry(failed, "p")["response"]["bodySize"] == -1


def test_header_text_reported_before_the_request_is_still_counted():
    [entry] = parse_performance_log(_log(
        _headers("4", 200, HEADERS_200),
        _request("4", "http://127.0.0.1/a.svg", 3.0),
        _response("4", 200, "x" * 10),
        ("Network.loadingFinished", {"requestId": "4", "timestamp": 3.1, "encodedDataLength": len(HEADERS_200) + 1000}),
    ))
    assert (entry.header_bytes, har_entry(entry, "p")["response"]["bodySize"]) == (len(HEADERS_200), 1000)


def test_a_not_modified_response_has_no_body():
    headers = "HTTP/1.1 304 NOT MODIFIED\r\nETag: \"abc\"\r\n\r\n"
    [entry] = parse_performance_log(_log(
        _request("3", "http://127.0.0.1/a.svg", 5.0),
        _headers("3", 304, headers),
        _response("3", 304, headers),
        ("Network.loadingFinished", {"requestId": "3", "timestamp": 5.1, "encodedDataLength": len(headers)}),
    ))
    response = har_entry(entry, "page_1")["response"]
    assert (response["headersSize"], response["bodySize"]) == (len(headers), 0)
