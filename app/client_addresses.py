"""How the access log names a request's client (LOG_CLIENT_ADDRESSES): its whole IP address, the address
shortened to its network, or not at all. An IP address is personal data in much of the world: an operator
who need not know who asked, only how much and what, keeps less of it."""
from __future__ import annotations

import ipaddress

from .config import shown_setting

# What LOG_CLIENT_ADDRESSES may be: the whole address (the default, as gunicorn and werkzeug log it), the
# address with its last part zeroed (IPv4 to its /24, 203.0.113.0; IPv6 to its /48, 2001:db8:1::), or none
# ("-", as a log line's field that is not known).
ADDRESS_CHOICES = ("full", "shortened", "off")
ADDRESS_WORDS = ("\"full\" (the access log names a client by its whole IP address), \"shortened\" (IPv4 to its /24, "
                 "IPv6 to its /48) or \"off\" (not at all, \"-\")")


def setting_problem(value: object) -> str | None:
    """Why `value` cannot be LOG_CLIENT_ADDRESSES, or None where it can."""
    if value in ADDRESS_CHOICES:
        return None
    return f"LOG_CLIENT_ADDRESSES must be {ADDRESS_WORDS}; got {shown_setting(value)}"


def logged_address(address: str, choice: str) -> str:
    """The client's `address` as the access log names it under the LOG_CLIENT_ADDRESSES `choice`.

    What is no IP address (a Unix socket's peer, `<local>`) is kept where addresses are shortened: it
    names no person."""
    if choice == "off":
        return "-"
    if choice != "shortened":
        return address
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False).network_address)


def gunicorn_logger(choice: str, queries: str = "full"):
    """gunicorn's logger class, naming the client of each access log line (`%(h)s`) under `choice`,
    hiding a token sent in its URL (`%(r)s`, `%(q)s`: `logged_tokens`) and writing its query as the
    LOG_QUERIES `queries` says (`logged_queries`)."""
    from gunicorn.glogging import Logger

    from .logged_queries import logged_queries, logged_query_string
    from .logged_tokens import hidden_tokens

    class ClientAddressLogger(Logger):
        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            atoms["h"] = logged_address(atoms["h"], choice)
            atoms["r"] = logged_queries(hidden_tokens(atoms["r"]), queries)
            atoms["q"] = logged_query_string(hidden_tokens(atoms["q"] or ""), queries)
            return atoms

    return ClientAddressLogger
