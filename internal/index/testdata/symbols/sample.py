"""Orders service."""
import os
from typing import Optional

MAX_ITEMS = 50
_cache = {}


class OrderService(Base):
    """Places and cancels orders."""

    RETRIES = 3

    def __init__(self, repo):
        self.repo = repo

    @property
    def name(self) -> str:
        return "orders"

    async def place_order(self, user_id: int, items: list) -> Optional[int]:
        """Place an order for a user."""
        def helper():
            pass
        return None


@app.route("/orders/<int:id>", methods=["GET"])
def get_order(id):
    return {}


@router.post("/orders")
async def create_order(body):
    return body
