// A Fauna-only app's data access, as a Fauna v10 JavaScript project writes it (the fql
// tag of the `fauna` driver). The host tests look for the Run FQL lens on the template.
import { Client, fql } from 'fauna';

const client = new Client({ secret: process.env.FAUNA_SECRET ?? '' });

export async function cheapest(): Promise<unknown> {
  const r = await client.query(fql`
    Product.all().order(.price).first()
  `);
  return r.data;
}
