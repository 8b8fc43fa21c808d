from dataclasses import dataclass


@dataclass
class Product:
    id: int
    name: str
    price_cents: int

    def validate(self) -> None:
        if self.price_cents < 0:
            raise ValueError("price must not be negative")
