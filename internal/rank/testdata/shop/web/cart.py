"""Cart helpers for the legacy storefront."""


class Cart:
    """A shopping cart."""

    def add_item(self, sku, quantity=1):
        """Add an item to the cart."""
        return None

    def clear(self):
        return None
