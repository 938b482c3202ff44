"""Domain errors that already carry the API's wire error code, as Atlas reports them.

Domain code raises these; one place (middleware/errors.py) renders them as HTTP responses,
so every error body has the same shape: ``{"errorCode", "errorMessage", ...}``.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An error the API answers with: HTTP status, Atlas-style code and a message."""

    status = 400
    code = "ATLAS-400-00-029"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code

    def body(self) -> dict[str, Any]:
        return {"errorCode": self.code, "errorMessage": self.message}


class BadRequest(ApiError):
    """Malformed or semantically invalid input (ATLAS-400-00-029 BAD_REQUEST)."""


class InvalidParameters(ApiError):
    code = "ATLAS-400-00-01A"

    def __init__(self, detail: str) -> None:
        super().__init__(f"invalid parameters: {detail}")


class MissingMandatoryAttribute(ApiError):
    code = "ATLAS-400-00-02B"

    def __init__(self, type_name: str, attribute: str) -> None:
        super().__init__(f"Mandatory field {type_name}.{attribute} has empty/null value")


class UnknownTypeName(ApiError):
    status = 404
    code = "ATLAS-404-00-001"

    def __init__(self, type_name: str) -> None:
        super().__init__(f"Given typename {type_name} was invalid")


class GuidNotFound(ApiError):
    status = 404
    code = "ATLAS-404-00-005"

    def __init__(self, guid: str) -> None:
        super().__init__(f"Given instance guid {guid} is invalid/not found")


class UniqueAttributeNotFound(ApiError):
    status = 404
    code = "ATLAS-404-00-009"

    def __init__(self, type_name: str, qualified_name: str) -> None:
        super().__init__(
            f"Instance {type_name} with unique attribute {{qualifiedName={qualified_name}}} does not exist"
        )


class ReferencedEntityNotFound(ApiError):
    status = 404
    code = "ATLAS-404-00-00A"

    def __init__(self, reference: str) -> None:
        super().__init__(f"Referenced entity {reference} is not found")


class ClassificationNotFound(ApiError):
    status = 404
    code = "ATLAS-404-00-008"

    def __init__(self, name: str) -> None:
        super().__init__(f"Given classification {name} was invalid")


class Conflict(ApiError):
    status = 409
    code = "ATLAS-409-00-001"


class NotFound(ApiError):
    status = 404
    code = "ATLAS-404-00-004"
