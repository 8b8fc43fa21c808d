from app.models.product import Product


class ProductService:
    def __init__(self, repo):
        self.repo = repo

    def get_product(self, product_id: int) -> Product:
        return self.repo.get(product_id)

    def list_products(self, limit: int = 20):
        return self.repo.list(limit)
