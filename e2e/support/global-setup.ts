// The browser tests drive the built register, as a shop would get it from `npm start`.
export default async function setup(): Promise<void> {
  // @ts-expect-error: a plain .mjs script without type declarations
  const { buildRegister } = await import('../../scripts/build-register.mjs');
  buildRegister();
}
