"""The one error users see: bad input, named by field, explained in their language where it is shown."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input for `field`; `code` picks the message (data/content/*/errors.toml), `params` fill it in.

    A ValueError so callers that only know the standard library still catch it. It holds no text of its own:
    `notnow.fmt.error_text(error, lang)` writes the message in the user's language where it is shown.
    """

    def __init__(self, field: str, code: str, **params: object) -> None:
        self.field = field
        self.code = code
        self.params = params
        details = ", ".join(f"{k}={v}" for k, v in params.items())
        super().__init__(f"{field}: {code}" + (f" ({details})" if details else ""))


class StoreError(InputError):
    """The case file can't do what was asked (read-only, locked, full, damaged, …); `code` says which.

    An InputError on the field "store", so every place that shows input errors shows this one too, beside the
    save bar, in the user's language; `params["path"]` names the file or folder concerned.
    """

    def __init__(self, code: str, **params: object) -> None:
        super().__init__("store", code, **params)
