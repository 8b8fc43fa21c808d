// Checkout form of the shop's web front end.
export interface Address {
  street: string;
  postcode: string;
}

export class CheckoutForm {
  constructor(private address: Address) {}

  // Submits the form.
  submit(): boolean {
    return this.address.street.length > 0;
  }
}
