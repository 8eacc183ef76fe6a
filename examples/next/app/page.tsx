export default function Home() {
  return <h1>Welcome to the Demo Store</h1>;
}
