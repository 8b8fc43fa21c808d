from fastapi import APIRouter

router = APIRouter()


@router.get("/products/{product_id}")
def get_product(product_id: int):
    return {"id": product_id}
