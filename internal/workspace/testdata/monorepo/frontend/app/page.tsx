import { ProductList } from "../components/ProductList";

export default function Home() {
  return (
    <main>
      <h1>Shop</h1>
      <ProductList />
    </main>
  );
}
