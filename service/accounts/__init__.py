"""Accounts: passwords, login sessions and their JWTs, personal access tokens, the account as a document.

A domain package: it works on rows (``service.models``) and never imports the web layer; who is
calling is the web layer's question (``service.web.auth``), which asks this package to check a token.
"""
