class CustomerService:
    def __init__(self, repo):
        self.repo = repo

    def get_customer(self, customer_id: int):
        return self.repo.get(customer_id)
