"""Stock levels per bin."""


class Stock:
    def __init__(self):
        self.levels = {}

    def take(self, sku, n):
        self.levels[sku] = self.levels.get(sku, 0) - n
        return self.levels[sku]
