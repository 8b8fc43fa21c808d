export function ProductList() {
  return <ul><li>Mug</li></ul>;
}
