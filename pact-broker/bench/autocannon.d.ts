// Minimal typing for autocannon (no @types package is installed): the bench passes options through as-is.
declare module 'autocannon' {
  function autocannon(options: Record<string, unknown>): Promise<unknown>;
  export default autocannon;
}
