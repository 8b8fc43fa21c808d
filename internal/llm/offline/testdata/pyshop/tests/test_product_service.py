from app.services.product_service import ProductService


def test_get_product():
    class Repo:
        def get(self, pid):
            return pid

    assert ProductService(Repo()).get_product(3) == 3
