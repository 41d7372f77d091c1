"""The one written form of an account's email address, so that look-alike spellings are one account.

Plain Python: no Flask, no database. Two spellings of one mailbox must not make two accounts:
fullwidth letters (``ａｎａ@ｅｘａｍｐｌｅ.com``), a domain in Unicode and in its punycode
(``exämple.com``, ``xn--exmple-cua.com``), composed and decomposed accents, any case. An address
is folded with Unicode NFKC, checked and normalised by email-validator (the domain through IDNA,
kept in its Unicode form, as email-validator recommends), and lower-cased whole: no provider in
use treats the local part as case-sensitive.
"""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email

__all__ = ["EmailNotValidError", "normalize_email", "email_for_lookup"]


def _folded(address: str) -> str:
    return unicodedata.normalize("NFKC", address.strip()).lower()


def normalize_email(address: str) -> str:
    """The normal form of an account's ``address``; ``EmailNotValidError`` (a ``ValueError``, with a
    message a person can act on) when it is not an address mail can be sent to."""
    checked = validate_email(_folded(address), check_deliverability=False)
    # Lower-case again: IDNA gives the domain in lower case, NFKC may leave capitals in the local part.
    return unicodedata.normalize("NFKC", checked.normalized).lower()


def email_for_lookup(address: str) -> str:
    """``address`` as an account would hold it, for finding one (a login, a rate limit's key): the normal
    form, or, for something typed that is no address, the same text folded (it matches no account)."""
    try:
        return normalize_email(address)
    except ValueError:  # EmailNotValidError, or a UnicodeError of IDNA
        return _folded(address)
