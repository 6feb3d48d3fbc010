class ServiceError(Exception):
    """A request a user made that cannot be carried out; `code` is stable, `message` plain."""

    def __init__(self, code: str, message: str, *, status: int = 400,
                 detail: object = None) -> None:
        super().__init__(message)
        self.code, self.message, self.status, self.detail = code, message, status, detail
